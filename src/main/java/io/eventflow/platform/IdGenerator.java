package io.eventflow.platform;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits.
 * Ids created on one node sort by creation time, which keeps primary-key indexes append-mostly.
 * Within one millisecond a 12-bit counter keeps ids of this node strictly increasing.
 */
public final class IdGenerator {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private long lastMillis = -1;
    private int counter;

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    public UUID next() {
        long millis;
        int sequence;
        lock.lock();
        try {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter > 0xFFF) { // counter exhausted: borrow the next millisecond
                    millis++;
                    counter = random.nextInt(0x800);
                }
            } else {
                counter = random.nextInt(0x800);
            }
            lastMillis = millis;
            sequence = counter;
        } finally {
            lock.unlock();
        }
        long msb = (millis << 16) | 0x7000L | sequence;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
