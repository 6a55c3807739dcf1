package io.eventflow.identity.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.scheduling.annotation.Scheduled;

import io.eventflow.identity.token.DatabaseTokenRevocations.RevokedToken;
import io.eventflow.identity.token.DatabaseTokenRevocations.UserCutoff;
import io.eventflow.platform.AfterCommit;
import io.eventflow.platform.redis.RedisKeys;

/**
 * Revocations with Redis in front of the database, so that a lost Redis forgets none of them.
 * <p>
 * <b>The database is the record.</b> Every revocation is written to it ({@link DatabaseTokenRevocations}) in the
 * caller's transaction, and to Redis after the commit; each Redis key expires when the tokens it revokes would have
 * expired anyway. A check asks Redis alone, in one MGET: the token's key, the user's cutoff and the marker
 * {@code revoked:loaded}. The marker says that Redis holds every live revocation: it is set only once Redis has
 * been seeded from the database. A Redis flushed or restarted empty has lost the marker with the rest, so until it
 * is back each check is answered by the database, and the node that notices copies the live revocations (those of
 * the last access-token lifetime) into Redis, then sets the marker. One node at a time seeds: it holds
 * {@code revoked:seeding} (SET NX, expiring after {@link #SEED_GUARD} should it die). The marker itself expires
 * after {@link #MARKER_TTL}, and Redis is seeded again then: a copy is never trusted for longer.
 * <p>
 * <b>Races.</b> A revocation made during a seed is not lost: its Redis write comes after its commit, so either the
 * seed's read of the database sees it or the write lands in Redis after the flush, next to the copy. A flush during
 * a seed takes the guard with it, and the marker is set by a script only while the guard is still the seeder's: a
 * half copy is never vouched for. A Redis write that fails (Redis unreachable from this node) is remembered: as
 * soon as the node reaches Redis again it deletes the marker and any seed's guard, so every node asks the database
 * until Redis has been seeded again, this time with that revocation. While Redis cannot be reached at all, checks go
 * to the database ({@link RedisOutage}).
 * <p>
 * <b>Cost.</b> Per authenticated request: one Redis round trip (MGET of three keys); in addition one indexed
 * database look-up while the marker is missing (Redis lost its data, or the few milliseconds of a seed every
 * {@link #MARKER_TTL}) or Redis cannot be reached. Per revocation: one database upsert in the caller's transaction
 * and one Redis write after its commit. Per seed (every {@link #MARKER_TTL}, and after a loss): one read of the live
 * revocations and their pipelined writes, on one node.
 * <p>
 * <b>Not seen by the marker</b>, so repaired only by the next seed (within {@link #MARKER_TTL}, sooner if the marker
 * is deleted by hand): Redis evicting single keys (run it with {@code maxmemory-policy noeviction}, its default); a
 * failover to a replica that missed the last writes, or a restore from an older snapshot, both of which bring the
 * marker back without those revocations; a node whose Redis write failed and that dies, or keeps serving while cut
 * off from Redis (its readiness includes Redis, so a load balancer stops sending it requests), before it reaches
 * Redis again. Until then the other nodes accept such a revoked token.
 */
class RedisTokenRevocations implements TokenRevocations, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);
    /** Longest a seed may take before another node may start one; a seed that overruns is not vouched for. */
    static final Duration SEED_GUARD = Duration.ofMinutes(2);
    /**
     * How long a seed vouches for the copy. Then Redis is seeded again (the checks meanwhile asking the database): what
     * the marker cannot see — keys evicted, a restore from an older snapshot — is repaired within this time.
     */
    static final Duration MARKER_TTL = Duration.ofMinutes(5);
    /** A node that could not seed (another node is at it, or it failed) tries again after this, not on every check. */
    private static final long SEED_AGAIN_AFTER = Duration.ofSeconds(1).toNanos();
    private static final int BATCH = 500;
    private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);

    /** A cutoff is only ever moved later: a seed must not put back an older one over a newer revocation. */
    private static final RedisScript<Long> LATER_CUTOFF = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1""", Long.class);
    /** The marker, only if the guard is still this seed's (a flush during the copy took it away). */
    private static final RedisScript<Long> FINISH_SEED = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            redis.call('DEL', KEYS[1])
            return 1""", Long.class);
    private static final RedisScript<Long> ABANDON_SEED = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""", Long.class);

    /** What Redis's answer to one check means. */
    enum Answer {
        REVOKED, VALID, ASK_DATABASE
    }

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final DatabaseTokenRevocations database;
    private final Clock clock;
    private final RedisOutage outage;
    private final String loadedKey;
    private final String seedingKey;
    /** One thread; one task running and one waiting at most, the rest dropped (the next check asks again). */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1), Thread.ofPlatform().daemon().name("token-revocations-seed").factory(),
            new ThreadPoolExecutor.DiscardPolicy());
    private final AtomicBoolean seeding = new AtomicBoolean();
    private volatile long nextSeed = System.nanoTime();
    /** A revocation of this node that did not reach Redis: Redis's copy is incomplete until seeded again. */
    private volatile boolean missedWrites;

    RedisTokenRevocations(StringRedisTemplate redis, RedisKeys keys, DatabaseTokenRevocations database, Clock clock,
            RedisOutage outage) {
        this.redis = redis;
        this.keys = keys;
        this.database = database;
        this.clock = clock;
        this.outage = outage;
        this.loadedKey = keys.key("revoked", "loaded");
        this.seedingKey = keys.key("revoked", "seeding");
    }

    @Override
    public void revokeToken(UUID tokenId, Instant expiresAt) {
        database.revokeToken(tokenId, expiresAt);
        AfterCommit.run(() -> toRedis("writing a logout", () -> {
            Duration ttl = tokenTtl(expiresAt, clock.instant());
            if (ttl.isPositive()) {
                redis.opsForValue().set(tokenKey(tokenId), "1", ttl);
            }
        }));
    }

    @Override
    public void revokeUserTokensIssuedBefore(UUID userId, Instant cutoff) {
        database.revokeUserTokensIssuedBefore(userId, cutoff);
        AfterCommit.run(() -> toRedis("writing a revocation", () -> {
            Duration ttl = Duration.between(clock.instant(), database.cutoffMattersUntil(cutoff));
            if (ttl.isPositive()) {
                redis.execute(LATER_CUTOFF, List.of(userKey(userId)), Long.toString(cutoff.toEpochMilli()),
                        Long.toString(ttl.toMillis()));
            }
        }));
    }

    private void toRedis(String doing, Runnable write) {
        if (!outage.mayAsk()) {
            missedWrites = true;
            return;
        }
        try {
            write.run();
            outage.answered();
        } catch (RuntimeException e) {
            missedWrites = true;
            outage.failed(doing, e);
        }
    }

    @Override
    public boolean isRevoked(UUID tokenId, UUID userId, Instant issuedAt) {
        if (outage.mayAsk()) {
            List<@Nullable String> values = null;
            try {
                values = redis.opsForValue().multiGet(List.of(tokenKey(tokenId), userKey(userId), loadedKey));
            } catch (RuntimeException e) {
                outage.failed("checking a token", e);
            }
            if (values != null && values.size() == 3) {
                outage.answered();
                if (missedWrites) {
                    background.execute(this::repair);
                }
                Answer answer = answer(values.get(0), values.get(1), values.get(2), issuedAt);
                if (answer != Answer.ASK_DATABASE) {
                    return answer == Answer.REVOKED;
                }
                seedSoon();
            }
        }
        outage.answeredByDatabase();
        return database.isRevoked(tokenId, userId, issuedAt);
    }

    /**
     * A revocation Redis holds is final whatever the marker says; that a token is not revoked only Redis's whole
     * copy can tell, i.e. with the marker.
     */
    static Answer answer(@Nullable String token, @Nullable String cutoff, @Nullable String loaded, Instant issuedAt) {
        if (token != null) {
            return Answer.REVOKED;
        }
        if (cutoff != null) {
            try {
                if (Long.parseLong(cutoff) > issuedAt.toEpochMilli()) {
                    return Answer.REVOKED;
                }
            } catch (NumberFormatException notOurs) {
                return Answer.ASK_DATABASE;
            }
        }
        return loaded != null ? Answer.VALID : Answer.ASK_DATABASE;
    }

    private void seedSoon() {
        if (!seeding.get() && System.nanoTime() - nextSeed >= 0) {
            background.execute(this::seed);
        }
    }

    /** Copies the live revocations from the database into Redis and then sets the marker; see the class comment. */
    void seed() {
        if (!seeding.compareAndSet(false, true)) {
            return;
        }
        String guard = UUID.randomUUID().toString();
        boolean guarded = false;
        try {
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(seedingKey, guard, SEED_GUARD))) {
                return; // another node seeds; the checks ask the database until its marker is there
            }
            guarded = true;
            Instant now = clock.instant();
            List<RevokedToken> tokens = database.liveTokens(now);
            List<UserCutoff> cutoffs = database.liveCutoffs(now);
            copyTokens(tokens, now);
            copyCutoffs(cutoffs, now);
            Long vouched = redis.execute(FINISH_SEED, List.of(seedingKey, loadedKey), guard, now.toString(),
                    Long.toString(MARKER_TTL.toMillis()));
            guarded = false;
            if (vouched != null && vouched == 1) {
                log.info("Token revocations copied from the database into Redis ({} tokens, {} users)", tokens.size(),
                        cutoffs.size());
            } else {
                log.warn("Token revocations were copied into Redis but Redis lost the copy meanwhile (or it took longer "
                        + "than {}): checks stay with the database, and the copy starts again", SEED_GUARD);
            }
        } catch (RuntimeException e) {
            log.warn("Copying token revocations into Redis failed; checks stay with the database, and it is tried "
                    + "again: {}", e.toString());
        } finally {
            if (guarded) {
                abandon(guard);
            }
            nextSeed = System.nanoTime() + SEED_AGAIN_AFTER;
            seeding.set(false);
        }
    }

    private void copyTokens(List<RevokedToken> tokens, Instant now) {
        for (int from = 0; from < tokens.size(); from += BATCH) {
            List<RevokedToken> batch = tokens.subList(from, Math.min(tokens.size(), from + BATCH));
            redis.executePipelined((RedisCallback<@Nullable Object>) connection -> {
                for (RevokedToken token : batch) {
                    Duration ttl = tokenTtl(token.expiresAt(), now);
                    if (ttl.isPositive()) {
                        connection.stringCommands().set(bytes(tokenKey(token.tokenId())), ONE, Expiration.from(ttl),
                                SetOption.upsert());
                    }
                }
                return null;
            });
        }
    }

    private void copyCutoffs(List<UserCutoff> cutoffs, Instant now) {
        byte[] script = bytes(LATER_CUTOFF.getScriptAsString());
        for (int from = 0; from < cutoffs.size(); from += BATCH) {
            List<UserCutoff> batch = cutoffs.subList(from, Math.min(cutoffs.size(), from + BATCH));
            redis.executePipelined((RedisCallback<@Nullable Object>) connection -> {
                for (UserCutoff cutoff : batch) {
                    Duration ttl = Duration.between(now, database.cutoffMattersUntil(cutoff.cutoff()));
                    if (ttl.isPositive()) {
                        connection.scriptingCommands().eval(script, ReturnType.INTEGER, 1,
                                bytes(userKey(cutoff.userId())), bytes(Long.toString(cutoff.cutoff().toEpochMilli())),
                                bytes(Long.toString(ttl.toMillis())));
                    }
                }
                return null;
            });
        }
    }

    private void abandon(String guard) {
        try {
            redis.execute(ABANDON_SEED, List.of(seedingKey), guard);
        } catch (RuntimeException e) {
            // the guard expires on its own
        }
    }

    /**
     * After a write of this node missed Redis: drops the marker, so every node asks the database, and any seed's
     * guard, so a seed that read the database before that revocation cannot vouch for its copy; then seeds.
     */
    private void repair() {
        if (!missedWrites || !outage.mayAsk()) {
            return;
        }
        missedWrites = false;
        try {
            redis.delete(List.of(loadedKey, seedingKey));
            outage.answered();
        } catch (RuntimeException e) {
            missedWrites = true;
            outage.failed("marking its copy of the revocations incomplete", e);
            return;
        }
        log.info("Revocations made here while Redis could not be reached are copied into Redis again");
        seed();
    }

    /** For a node that gets no request to notice that Redis is back. */
    @Scheduled(fixedDelayString = "PT10S", initialDelayString = "PT10S")
    void repairMissedWrites() {
        if (missedWrites) {
            background.execute(this::repair);
        }
    }

    /** Also in cluster mode the database keeps only what can still matter. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetExpired() {
        database.forgetExpired();
    }

    @Override
    public void close() {
        background.shutdownNow();
    }

    /** A revoked token's key lives a minute longer than the token, for clock skew between the nodes. */
    private static Duration tokenTtl(Instant expiresAt, Instant now) {
        return Duration.between(now, expiresAt).plusMinutes(1);
    }

    private String tokenKey(UUID tokenId) {
        return keys.key("revoked", "token", tokenId.toString());
    }

    private String userKey(UUID userId) {
        return keys.key("revoked", "user", userId.toString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
