package io.eventflow.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

/**
 * A map tile server for browser tests, on a free port: one plain 256×256 PNG for every tile, or 503 for all while
 * refusing. Maps then render without network (eventflow.web.map.tile-url = {@link #template()}).
 */
public final class TileServer {

    private final HttpServer server;
    private volatile boolean refusing;

    private TileServer(HttpServer server) {
        this.server = server;
    }

    public static TileServer start() {
        try {
            byte[] tile = tile();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TileServer tiles = new TileServer(server);
            server.createContext("/tiles/", exchange -> {
                try (exchange) {
                    if (tiles.refusing) {
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, tile.length);
                    exchange.getResponseBody().write(tile);
                }
            });
            server.start();
            return tiles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String template() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tiles/{z}/{x}/{y}.png";
    }

    /** Every tile is answered 503 from now on (true), or served again (false): a tile server that is down. */
    public void refusing(boolean refusing) {
        this.refusing = refusing;
    }

    public void stop() {
        server.stop(0);
    }

    private static byte[] tile() throws IOException {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xcde6f7));
        g.fillRect(0, 0, 256, 256);
        g.setColor(new Color(0x9fc5e0));
        g.drawRect(0, 0, 255, 255);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
