import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP sink for a local EventFlow cluster (deploy/cluster.sh): accepts every message and stores it, never relays.
 *
 * <pre>java deploy/SmtpSink.java PORT DIR</pre>
 *
 * JDK 21+, no dependencies, one virtual thread per connection, listening on 127.0.0.1 only. Speaks EHLO/HELO, MAIL,
 * RCPT, DATA (dot-unstuffed), RSET, NOOP, VRFY, HELP and QUIT; pipelining works (replies come in order). Each message
 * is written to DIR as one file {@code <time>-<pid>-<n>.eml}: the raw message as received (CRLF line ends, headers
 * included, so a checker can count by Message-ID), preceded by two trace headers an MTA adds on delivery,
 * {@code Return-Path} and {@code X-Envelope-To} (one per recipient). It is written to a dot file first and renamed,
 * so a reader never sees half a message.
 */
public final class SmtpSink {

    private static final int MAX_LINE = 64 * 1024;
    private static final long MAX_MESSAGE = 32L * 1024 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();

    private SmtpSink(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java SmtpSink.java PORT DIR");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1]));
        SmtpSink sink = new SmtpSink(dir);
        try (ServerSocket server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
                var sessions = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("SMTP sink listening on 127.0.0.1:" + server.getLocalPort() + ", storing into " + dir);
            while (true) {
                Socket socket = server.accept();
                sessions.execute(() -> sink.session(socket));
            }
        }
    }

    private void session(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            socket.setSoTimeout(300_000);
            reply(out, "220 eventflow-smtp-sink ESMTP ready");
            String from = null;
            List<String> recipients = new ArrayList<>();
            byte[] raw;
            while ((raw = readLine(in)) != null) {
                String line = new String(raw, StandardCharsets.UTF_8).stripTrailing();
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-eventflow-smtp-sink", "250-PIPELINING", "250-8BITMIME",
                            "250-SMTPUTF8", "250 SIZE " + MAX_MESSAGE);
                    case "HELO" -> reply(out, "250 eventflow-smtp-sink");
                    case "MAIL" -> {
                        from = address(line, "FROM:");
                        recipients.clear();
                        reply(out, from == null ? "501 syntax: MAIL FROM:<address>" : "250 OK");
                    }
                    case "RCPT" -> {
                        String to = address(line, "TO:");
                        if (from == null) {
                            reply(out, "503 MAIL first");
                        } else if (to == null || to.isEmpty()) {
                            reply(out, "501 syntax: RCPT TO:<address>");
                        } else {
                            recipients.add(to);
                            reply(out, "250 OK");
                        }
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "503 RCPT first");
                            continue;
                        }
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        byte[] message = readData(in);
                        if (message == null) {
                            return; // the client went away mid-message: nothing stored
                        }
                        if (message.length > MAX_MESSAGE) {
                            reply(out, "552 message too large");
                        } else {
                            Path file = store(from, recipients, message);
                            System.out.println("stored " + file.getFileName() + " from <" + from + "> to " + recipients
                                    + " (" + message.length + " bytes)");
                            reply(out, "250 OK stored as " + file.getFileName());
                        }
                        from = null;
                        recipients.clear();
                    }
                    case "RSET" -> {
                        from = null;
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "VRFY" -> reply(out, "252 cannot verify, will accept");
                    case "HELP" -> reply(out, "214 EHLO HELO MAIL RCPT DATA RSET NOOP VRFY QUIT");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away or timed out
        }
    }

    /** The address in {@code MAIL FROM:<a> ...} or {@code RCPT TO:<a>}: "" for the null sender, null if malformed. */
    private static String address(String line, String keyword) {
        String rest = line.substring(4).stripLeading();
        if (!rest.toUpperCase(Locale.ROOT).startsWith(keyword)) {
            return null;
        }
        rest = rest.substring(keyword.length()).strip();
        int open = rest.indexOf('<');
        int close = rest.indexOf('>');
        if (open == 0 && close > 0) {
            return rest.substring(1, close);
        }
        return rest.isEmpty() ? null : rest.split(" ", 2)[0];
    }

    /** The message up to the line holding a single dot, dot-unstuffed, CRLF line ends; null if the stream ended. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        byte[] line;
        boolean lineStart = true;
        while ((line = readLine(in)) != null) {
            boolean complete = line[line.length - 1] == '\n';
            int length = line.length;
            while (complete && length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
                length--;
            }
            if (lineStart && complete && length == 1 && line[0] == '.') {
                return message.toByteArray();
            }
            if (message.size() <= MAX_MESSAGE) { // beyond: keep reading to the end, then refuse
                int from = lineStart && length > 0 && line[0] == '.' ? 1 : 0;
                message.write(line, from, length - from);
                if (complete) {
                    message.write('\r');
                    message.write('\n');
                }
            }
            lineStart = complete;
        }
        return null;
    }

    /** One line including its line end, or null at the end of the stream; overlong lines come in pieces. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n' || line.size() >= MAX_LINE) {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private Path store(String from, List<String> recipients, byte[] message) throws IOException {
        StringBuilder trace = new StringBuilder("Return-Path: <").append(from).append(">\r\n");
        for (String recipient : recipients) {
            trace.append("X-Envelope-To: <").append(recipient).append(">\r\n");
        }
        String name = LocalDateTime.now().format(STAMP) + "-" + pid + "-" + sequence.incrementAndGet() + ".eml";
        Path temp = dir.resolve("." + name + ".tmp");
        try (OutputStream file = Files.newOutputStream(temp)) {
            file.write(trace.toString().getBytes(StandardCharsets.UTF_8));
            file.write(message);
        }
        return Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void reply(OutputStream out, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
