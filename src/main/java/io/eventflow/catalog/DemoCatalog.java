package io.eventflow.catalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.eventflow.identity.Accounts;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.Role;
import io.eventflow.platform.domain.DomainException;

/**
 * A sample catalog for a newcomer's first start, so http://localhost:8080 shows a living product.
 * {@code eventflow.demo-data.enabled} switches it; unset, it is on for the embedded H2 database only.
 * It runs once: only into an empty catalog, published by a demo organizer account.
 */
@Component
class DemoCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private record City(String name, String venue, double latitude, double longitude, String zone, String currency) {
    }

    private record Idea(String title, String category, String description, int hours, @Nullable Integer capacity,
            int price) {
    }

    private static final List<City> CITIES = List.of(
            new City("Tel Aviv", "Expo Tel Aviv, Rokach Blvd 101", 32.1033, 34.8043, "Asia/Jerusalem", "ILS"),
            new City("Jerusalem", "International Convention Center", 31.7883, 35.2042, "Asia/Jerusalem", "ILS"),
            new City("Haifa", "Matam Park, Building 30", 32.7887, 34.9592, "Asia/Jerusalem", "ILS"),
            new City("Berlin", "Kulturbrauerei, Schönhauser Allee 36", 52.5390, 13.4130, "Europe/Berlin", "EUR"),
            new City("London", "The Barbican, Silk Street", 51.5202, -0.0938, "Europe/London", "GBP"),
            new City("New York", "Javits Center, 429 11th Ave", 40.7577, -74.0028, "America/New_York", "USD"),
            new City("Paris", "Station F, 5 Parvis Alan Turing", 48.8343, 2.3708, "Europe/Paris", "EUR"),
            new City("Tokyo", "Tokyo Big Sight, Ariake", 35.6298, 139.7937, "Asia/Tokyo", "JPY"));

    private static final List<Idea> IDEAS = List.of(
            new Idea("Spring Boot in Production", "tech-conference", "Two tracks on running Java services at scale: observability, "
                    + "virtual threads, zero-downtime deploys. Lunch included.", 8, 400, 249),
            new Idea("Jazz on the Rooftop", "concert", "An evening quartet under the open sky. Doors open 30 minutes before.", 3, 150, 60),
            new Idea("Intro to Rust Workshop", "workshop", "Hands-on: ownership, borrowing and your first CLI tool. Bring a laptop.", 4, 30, 90),
            new Idea("Founders Breakfast", "meetup", "Coffee, croissants and five-minute pitches from early-stage startups.", 2, 60, 0),
            new Idea("Data Engineering Summit", "tech-conference", "Streaming, lakehouses and the people who keep pipelines green.", 9, 600, 320),
            new Idea("Kids Coding Club", "workshop", "Scratch and Python games for ages 8 to 12; parents welcome.", 2, 24, 0),
            new Idea("Indie Game Night", "meetup", "Play-test new games from local studios and vote for your favourite.", 4, null, 0),
            new Idea("Chamber Music Matinee", "concert", "Haydn, Schubert and a premiere by a young local composer.", 2, 220, 45),
            new Idea("UX Research Bootcamp", "workshop", "Interviews, usability tests and synthesis in one intensive day.", 7, 40, 180),
            new Idea("Open Source Sprint", "hackathon", "Pair with maintainers and land your first pull request.", 10, 80, 0));

    private final EventCatalog catalog;
    private final Accounts accounts;
    private final Environment environment;
    private final Clock clock;

    DemoCatalog(EventCatalog catalog, Accounts accounts, Environment environment, Clock clock) {
        this.catalog = catalog;
        this.accounts = accounts;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled() || catalog.search(EventSearchRequest.text(null, null, 0, 1)).total() > 0) {
            return;
        }
        CurrentUser organizer;
        try {
            organizer = accounts.register("demo-organizer", "demo-organizer@eventflow.local",
                    java.util.UUID.randomUUID().toString(), Role.ORGANIZER);
        } catch (DomainException e) {
            log.info("Demo catalog skipped: {}", e.getMessage());
            return;
        }
        List<EventInput> events = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        for (int i = 0; i < 40; i++) {
            City city = CITIES.get(i % CITIES.size());
            Idea idea = IDEAS.get((i * 3) % IDEAS.size());
            LocalDate day = today.plusDays(2 + (i * 37L) % 60);
            LocalTime start = LocalTime.of(idea.hours() >= 7 ? 9 : 18, (i % 2) * 30);
            events.add(new EventInput(idea.title() + " · " + city.name(), idea.description(), idea.category(),
                    day.atTime(start).toString(), day.atTime(start).plusHours(idea.hours()).toString(), city.zone(),
                    city.venue() + ", " + city.name(), city.latitude(), city.longitude(), 300, idea.capacity(),
                    idea.price() == 0 ? null : BigDecimal.valueOf(city.currency().equals("JPY") ? idea.price() * 150L : idea.price()),
                    idea.price() == 0 ? null : city.currency(), null, null, null, null));
        }
        catalog.createBatch(organizer, events);
        log.info("Loaded a demo catalog of {} events (set eventflow.demo-data.enabled=false to start empty)", events.size());
    }

    private boolean enabled() {
        String setting = environment.getProperty("eventflow.demo-data.enabled");
        if (setting != null && !setting.isBlank()) {
            return Boolean.parseBoolean(setting.trim());
        }
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
    }
}
