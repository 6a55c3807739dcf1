package io.eventflow.booking;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import io.eventflow.catalog.EventCancelled;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventNotFound;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventStatus;
import io.eventflow.identity.CurrentUser;
import io.eventflow.platform.domain.Conflict;
import io.eventflow.platform.domain.FieldProblem;
import io.eventflow.platform.domain.RuleViolated;

/**
 * Tickets: each booking carries a random 128-bit code that cannot be guessed or derived from its id.
 * Its holder sees it as a QR image; the organizer checks it in once at the door.
 */
@Service
class TicketService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BookingRepository bookings;
    private final EventCatalog catalog;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TicketService(BookingRepository bookings, EventCatalog catalog, Clock clock, ApplicationEventPublisher events) {
        this.bookings = bookings;
        this.catalog = catalog;
        this.clock = clock;
        this.events = events;
    }

    static String newCode() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    record Ticket(UUID bookingId, UUID eventId, String code) {
    }

    /** The holder's own ticket (or an admin's view of it); only a confirmed booking has one that admits. */
    @Transactional(readOnly = true)
    Ticket ticket(CurrentUser user, UUID bookingId) {
        BookingView booking = bookings.find(bookingId).filter(b -> user.isSelfOrAdmin(b.userId()))
                .orElseThrow(() -> new BookingNotFound(bookingId));
        if (booking.status() != BookingStatus.CONFIRMED) {
            throw new Conflict("Only a confirmed booking has a ticket; this one is " + booking.status().wireName());
        }
        return new Ticket(booking.id(), booking.eventId(), bookings.ticketCode(bookingId).orElseThrow());
    }

    /**
     * The ticket as a QR image that a scanner reads back. About one random code in 150 comes out, at the usual error
     * correction, as a symbol whose modules ZXing's own detector cannot find (seen by rendering thousands); such a
     * code is drawn again at the next correction level, which changes the whole symbol, until the image reads back.
     */
    byte[] qrPng(String code) {
        String content = "eventflow-ticket:" + code;
        BufferedImage first = null;
        for (ErrorCorrectionLevel level : QR_LEVELS) {
            BufferedImage image = qrImage(content, level);
            if (readsBack(image, content)) {
                return png(image);
            }
            first = first != null ? first : image;
        }
        return png(Objects.requireNonNull(first, "QR_LEVELS is not empty")); // never seen: every level unreadable
    }

    private static final List<ErrorCorrectionLevel> QR_LEVELS =
            List.of(ErrorCorrectionLevel.M, ErrorCorrectionLevel.Q, ErrorCorrectionLevel.H, ErrorCorrectionLevel.L);

    private static BufferedImage qrImage(String content, ErrorCorrectionLevel level) {
        try {
            return MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 320, 320,
                    Map.of(EncodeHintType.ERROR_CORRECTION, level, EncodeHintType.MARGIN, 2)));
        } catch (WriterException e) {
            throw new IllegalStateException("A 22-character code always fits a QR code", e);
        }
    }

    static boolean readsBack(BufferedImage image, String content) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                    .getText().equals(content);
        } catch (ReaderException unreadable) {
            return false;
        }
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "PNG", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record CheckIn(UUID bookingId, UUID userId) {
    }

    /** By the event's organizer or an admin, at the door: a ticket admits once. */
    @Transactional
    CheckIn checkIn(CurrentUser actor, UUID eventId, String code) {
        var event = catalog.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
        EventPolicy.requireManager(actor, event.organizerId(), "check tickets in");
        if (event.status() == EventStatus.CANCELLED) {
            throw new EventCancelled("The event is cancelled; its tickets do not admit");
        }
        String bare = code.startsWith("eventflow-ticket:") ? code.substring("eventflow-ticket:".length()) : code;
        BookingView booking = bookings.findByTicket(eventId, bare)
                .orElseThrow(() -> new RuleViolated("This code is not a ticket for this event", java.util.List.of(
                        new FieldProblem("code", "is not a ticket for this event"))));
        if (booking.status() != BookingStatus.CONFIRMED) {
            throw new Conflict("This ticket's booking is " + booking.status().wireName() + "; it does not admit");
        }
        Instant now = clock.instant();
        if (bookings.checkIn(booking.id(), now) == 0) {
            boolean cancelledMeanwhile = bookings.find(booking.id()).map(b -> b.status() != BookingStatus.CONFIRMED).orElse(true);
            throw new Conflict(cancelledMeanwhile ? "This ticket's booking was cancelled; it does not admit"
                    : "This ticket was already checked in");
        }
        events.publishEvent(new BookingEvents.BookingCheckedIn(booking.id(), eventId, booking.userId(),
                BookingEvents.CheckInMethod.TICKET, now));
        return new CheckIn(booking.id(), booking.userId());
    }
}
