package io.eventflow.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.eventflow.announcement.Announcements;
import io.eventflow.booking.BookingStatus;
import io.eventflow.booking.BookingView;
import io.eventflow.booking.Bookings;
import io.eventflow.booking.ParticipantPolicy;
import io.eventflow.catalog.EventCatalog;
import io.eventflow.catalog.EventDtos;
import io.eventflow.catalog.EventInput;
import io.eventflow.catalog.EventPolicy;
import io.eventflow.catalog.EventSearchRequest;
import io.eventflow.catalog.EventSeriesCatalog;
import io.eventflow.catalog.SeriesView;
import io.eventflow.catalog.EventView;
import io.eventflow.identity.CurrentUser;
import io.eventflow.identity.UserDirectory;
import io.eventflow.platform.domain.DomainException;
import io.eventflow.platform.domain.InvalidInput;
import io.eventflow.platform.domain.NotAllowed;
import io.eventflow.platform.domain.NotAuthenticated;
import io.eventflow.platform.paging.PageView;
import io.eventflow.platform.paging.Paging;
import io.eventflow.social.Social;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event pages: home, search, detail, create, edit, delete and JSON import. */
@Controller
class EventPages {

    static final List<String> SORTS = List.of("start_time", "-start_time", "-popularity", "-created_at", "title", "price");
    /** The radii a "near" search offers, km; the form's default is the API's (10). */
    static final List<Integer> RADII = List.of(2, 5, 10, 25, 50, 100);

    private final EventCatalog catalog;
    private final UserDirectory users;
    private final JsonMapper json;
    private final Clock clock;
    private final Bookings bookings;
    private final Social social;
    private final Announcements announcements;
    private final EventSeriesCatalog series;
    private final Places places;
    private final MapProperties map;
    private final PageTexts texts;

    EventPages(EventCatalog catalog, UserDirectory users, JsonMapper json, Clock clock, Bookings bookings, Social social,
            Announcements announcements, EventSeriesCatalog series, Places places, MapProperties map, PageTexts texts) {
        this.places = places;
        this.map = map;
        this.texts = texts;
        this.announcements = announcements;
        this.series = series;
        this.bookings = bookings;
        this.social = social;
        this.catalog = catalog;
        this.users = users;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/")
    String home(Model model) {
        // from the start of this minute: the same query for a minute, so its total is counted once a second at most
        // (the catalog keeps a browse's total that long), not on every visit; an event that started seconds ago shows
        PageView<EventView> upcoming = catalog.search(new EventSearchRequest(null, null, null, null,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString(), null, null, null, List.of("status:scheduled"), "start_time", 0, 12));
        model.addAttribute("events", cards(upcoming.items()));
        model.addAttribute("total", upcoming.total());
        return "home";
    }

    @GetMapping("/events")
    String search(@RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String sort,
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(name = "max_price", required = false) @Nullable String maxPrice,
            @RequestParam(required = false) @Nullable Boolean free,
            @RequestParam(required = false) @Nullable String near,
            @RequestParam(required = false) @Nullable String place,
            @RequestParam(name = "radius_km", required = false) @Nullable Double radiusKm,
            @RequestParam(required = false) @Nullable String view,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, HttpServletRequest request,
            Model model) {
        // the browser's position (near-me) wins over a typed place, which is looked up in the catalog's own places
        String nearPoint = near != null && !near.isBlank() ? near.trim()
                : place != null && !place.isBlank() ? places.near(place).orElse(null) : null;
        // distance is the natural order of a near search, and meaningless without one (the form offers it either way)
        String sortKey = sort == null || sort.isBlank() ? nearPoint != null ? "distance" : "start_time"
                : sort.equals("distance") && nearPoint == null ? "start_time" : sort;
        PageView<EventView> result = catalog.search(new EventSearchRequest(q, location, category, null,
                dayStart(from, "from"), dayEnd(to, "to"), nearPoint, nearPoint == null ? null : radiusKm, null, sortKey,
                page, 12, maxPrice, free));
        model.addAttribute("near", near != null && !near.isBlank() ? near.trim() : null);
        model.addAttribute("place", place != null && !place.isBlank() ? place.trim() : null);
        model.addAttribute("nearPoint", nearPoint);
        model.addAttribute("placeUnknown", nearPoint == null && place != null && !place.isBlank());
        model.addAttribute("radiusKm", radiusKm);
        model.addAttribute("radius", radiusKm == null ? 10.0 : radiusKm); // the API's default
        model.addAttribute("radii", RADII);
        model.addAttribute("view", "map".equals(view) ? "map" : null); // null: left out of the pager's links
        model.addAttribute("map", map);
        model.addAttribute("listLink", inView(request, null));
        model.addAttribute("mapLink", inView(request, "map"));
        model.addAttribute("q", q);
        model.addAttribute("location", location);
        model.addAttribute("category", category);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("maxPrice", maxPrice);
        model.addAttribute("free", Boolean.TRUE.equals(free) ? Boolean.TRUE : null); // null: left out of the pager's links
        model.addAttribute("sort", sortKey);
        model.addAttribute("sorts", SORTS);
        model.addAttribute("events", cards(result.items()));
        model.addAttribute("page", result.page());
        model.addAttribute("total", result.total());
        model.addAttribute("hasPrevious", result.page() > 0);
        model.addAttribute("hasNext", (long) (result.page() + 1) * result.size() < result.total());
        return htmx != null ? "events/search :: results" : "events/search";
    }

    @GetMapping("/events/{id}")
    String detail(@PathVariable UUID id, Model model) {
        EventView event = catalog.view(id);
        CurrentUser me = CurrentUsers.current();
        model.addAttribute("event", card(event));
        model.addAttribute("organizerId", event.organizerId());
        model.addAttribute("followingOrganizer", me != null && social.isFollowing(me.id(), event.organizerId()));
        BookingView myBooking = me == null ? null : bookings.activeBooking(me, id).orElse(null);
        model.addAttribute("myBooking", myBooking);
        model.addAttribute("offerDeadline", myBooking != null && myBooking.status() == BookingStatus.OFFERED
                && myBooking.offerExpiresAt() != null ? offerDeadline(myBooking.offerExpiresAt(), event.timezone()) : null);
        // the chat's rule, over the booking already read; the socket checks it again
        model.addAttribute("chatAllowed", ParticipantPolicy.takesPart(me, event.organizerId(),
                myBooking != null && myBooking.status() == BookingStatus.CONFIRMED));
        // the organizer's announcements, for those they were meant for (waitlisted included) and the organizer
        model.addAttribute("announcements", me != null && (EventPolicy.mayManage(me, event.organizerId()) || myBooking != null)
                ? announcements.history(me, id, Paging.of(0, 10)).items() : List.of());
        model.addAttribute("bookable", event.status().wireName().equals("scheduled") && event.startTime().isAfter(clock.instant()));
        SeriesView partOf = event.seriesId() == null ? null : series.seriesOf(id, 5).orElse(null);
        model.addAttribute("series", partOf);
        model.addAttribute("nextDates", partOf == null ? List.of() : partOf.occurrences().items().stream()
                .filter(o -> !o.id().equals(id)).map(this::card).toList());
        model.addAttribute("map", map);
        return "events/detail";
    }

    /** The same search shown as a list (view null) or on a map: a link that opens it so directly. */
    private static String inView(HttpServletRequest request, @Nullable String view) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/events").query(request.getQueryString());
        return (view == null ? link.replaceQueryParam("view") : link.replaceQueryParam("view", view)).build().toUriString();
    }

    /** In the event's time zone: the time alone on the same day there, else with the day ("Sat 5 Dec, 14:30"). */
    private String offerDeadline(Instant deadline, String timezone) {
        ZoneId zone = ZoneId.of(timezone);
        ZonedDateTime at = deadline.atZone(zone);
        boolean today = at.toLocalDate().equals(clock.instant().atZone(zone).toLocalDate());
        return today ? texts.time(deadline, zone) : DateTimeFormatter.ofPattern(texts.text("format.day-time-short"),
                LocaleContextHolder.getLocale()).format(at);
    }

    @GetMapping("/events/new")
    String newEvent(Model model) {
        requireOrganizer();
        model.addAttribute("form", EventForm.blank());
        model.addAttribute("editing", false);
        return "events/form";
    }

    @PostMapping("/events")
    String create(@ModelAttribute("form") EventForm form, BindingResult binding, Model model) {
        model.addAttribute("editing", false);
        if (binding.hasErrors()) {
            return "events/form";
        }
        try {
            if (form.repeating()) {
                SeriesView created = series.create(requireOrganizer(), form.toSeriesInput());
                return "redirect:/events/" + created.occurrences().items().getFirst().id();
            }
            EventView created = catalog.create(requireOrganizer(), form.toInput());
            return "redirect:/events/" + created.id();
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_ALLOWED) {
                throw e;
            }
            FormErrors.apply(e, binding);
            return "events/form";
        }
    }

    @GetMapping("/events/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        EventView event = catalog.view(id);
        requireMayChange(event);
        model.addAttribute("form", EventForm.of(event));
        model.addAttribute("eventId", id);
        model.addAttribute("seriesId", event.seriesId());
        model.addAttribute("editing", true);
        return "events/form";
    }

    @PostMapping("/events/{id}")
    String update(@PathVariable UUID id, @ModelAttribute("form") EventForm form, BindingResult binding, Model model) {
        model.addAttribute("eventId", id);
        model.addAttribute("editing", true);
        EventView current = catalog.view(id);
        model.addAttribute("seriesId", current.seriesId());
        requireMayChange(current);
        if (binding.hasErrors()) {
            return "events/form";
        }
        try {
            if (form.followingToo() && current.seriesId() != null) {
                series.changeFollowing(signedIn(), current.seriesId(), id, json.valueToTree(form.toSeriesPatch()));
                return "redirect:/events/" + id;
            }
            catalog.update(signedIn(), id, form.toInput());
            return "redirect:/events/" + id;
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_ALLOWED || e.kind() == DomainException.Kind.NOT_FOUND) {
                throw e;
            }
            FormErrors.apply(e, binding);
            return "events/form";
        }
    }

    @PostMapping("/events/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        catalog.delete(signedIn(), id);
        redirect.addFlashAttribute("notice", texts.text("event.deleted"));
        return "redirect:/";
    }

    @GetMapping("/events/import")
    String importPage() {
        requireOrganizer();
        return "events/import";
    }

    @PostMapping("/events/import")
    String importEvents(@RequestParam("file") MultipartFile file, Model model) {
        CurrentUser organizer = requireOrganizer();
        List<String> problems = new ArrayList<>();
        try {
            List<EventInput> inputs = parseImport(file);
            List<EventView> created = catalog.createBatch(organizer, inputs);
            model.addAttribute("imported", cards(created));
        } catch (DomainException e) {
            problems.add(e.getMessage());
            e.errors().forEach(p -> problems.add(p.field() + ": " + p.message()));
        }
        model.addAttribute("problems", problems);
        return "events/import";
    }

    private List<EventInput> parseImport(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            throw InvalidInput.field("file", "choose a JSON file");
        }
        JsonNode root;
        try {
            root = json.readTree(file.getInputStream());
        } catch (JacksonException | IOException e) {
            throw InvalidInput.field("file", "is not valid JSON");
        }
        JsonNode items = root.isArray() ? root : root.path("events");
        if (!items.isArray()) {
            throw InvalidInput.field("file", "must be {\"events\": [...]} or a JSON array of events");
        }
        if (items.size() > EventDtos.MAX_BATCH) {
            throw InvalidInput.field("events", "at most " + EventDtos.MAX_BATCH + " events per import");
        }
        List<EventInput> inputs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                inputs.add(json.treeToValue(items.get(i), EventInput.class));
            } catch (JacksonException e) {
                throw InvalidInput.field("events[" + i + "]", "has a field of the wrong type");
            }
        }
        return inputs;
    }

    /** The organizers' names in one lookup: one per organizer took a transaction each, a dozen per page of cards. */
    private List<EventCard> cards(List<EventView> events) {
        Map<UUID, UserDirectory.UserSummary> organizers = users.findAll(events.stream().map(EventView::organizerId)
                .collect(Collectors.toSet()));
        String former = texts.text("event.organizer.former");
        CurrentUser me = CurrentUsers.current();
        return events.stream().map(e -> {
            UserDirectory.UserSummary organizer = organizers.get(e.organizerId());
            return EventCard.of(e, organizer != null ? organizer.username() : former, mayChange(me, e), texts);
        }).toList();
    }

    private EventCard card(EventView event) {
        return EventCard.of(event, organizerName(event.organizerId()), mayChange(CurrentUsers.current(), event), texts);
    }

    private String organizerName(UUID id) {
        return users.find(id).map(UserDirectory.UserSummary::username).orElse(texts.text("event.organizer.former"));
    }

    private static boolean mayChange(@Nullable CurrentUser me, EventView event) {
        return EventPolicy.mayManage(me, event.organizerId());
    }

    private void requireMayChange(EventView event) {
        EventPolicy.requireManager(signedIn(), event.organizerId(), "change it");
    }

    private static CurrentUser signedIn() {
        CurrentUser me = CurrentUsers.current();
        if (me == null) {
            throw new NotAuthenticated("Sign in first");
        }
        return me;
    }

    private static CurrentUser requireOrganizer() {
        CurrentUser me = signedIn();
        if (!EventPolicy.mayPublish(me)) {
            throw new NotAllowed("Only organizers can publish events. Ask an admin to make you an organizer.");
        }
        return me;
    }

    private static @Nullable String dayStart(@Nullable String date, String field) {
        return date == null || date.isBlank() ? null : day(date, field).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private static @Nullable String dayEnd(@Nullable String date, String field) {
        return date == null || date.isBlank() ? null
                : day(date, field).plusDays(1).atStartOfDay(ZoneOffset.UTC).minusNanos(1).toInstant().toString();
    }

    private static LocalDate day(String date, String field) {
        LocalDate day;
        try {
            day = LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(field, "must be a date such as 2026-12-01");
        }
        if (day.getYear() < 1900 || day.getYear() > 9998) {
            throw InvalidInput.field(field, "must be between the years 1900 and 9998");
        }
        return day;
    }
}
