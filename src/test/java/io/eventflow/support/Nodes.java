package io.eventflow.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.eventflow.EventFlowApplication;

/**
 * Starts full EventFlow nodes inside the test JVM, each on its own port, for tests about what several
 * nodes share (Redis, the database) or about restarts. Close to stop them all.
 */
public final class Nodes implements AutoCloseable {

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    public Api start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.putAll(properties);
        // as command-line arguments: they must win over application.yml, which builder defaults would not
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EventFlowApplication.class).run(args);
        running.add(context);
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** The node's application context, to reach its beans (its clock, a job to run now). */
    public ConfigurableApplicationContext context(Api node) {
        int port = Integer.parseInt(node.base().replaceAll(".*:", ""));
        return running.stream().filter(c -> ((WebServerApplicationContext) c).getWebServer().getPort() == port)
                .findFirst().orElseThrow();
    }

    public void stop(Api node) {
        running.removeIf(context -> {
            if (((WebServerApplicationContext) context).getWebServer().getPort() == Integer.parseInt(node.base().replaceAll(".*:", ""))) {
                context.close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        running.forEach(ConfigurableApplicationContext::close);
        running.clear();
    }
}
