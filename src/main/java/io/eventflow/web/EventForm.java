package io.eventflow.web;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.eventflow.catalog.EventInput;
import io.eventflow.catalog.SeriesInput;
import io.eventflow.catalog.EventView;

/**
 * The create/edit form. Times are what a {@code datetime-local} field sends (no offset): the catalog
 * reads them in the event's time zone, exactly as it does for API clients that send local times.
 */
class EventForm {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    /** Seconds too, so an edit that leaves the time alone does not move it. */
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private @Nullable String title;
    private @Nullable String description;
    private @Nullable String category;
    private @Nullable String startTime;
    private @Nullable String endTime;
    private String timezone = "UTC";
    private @Nullable String location;
    private @Nullable Double latitude;
    private @Nullable Double longitude;
    private @Nullable Integer capacity;
    private @Nullable BigDecimal price;
    private @Nullable String currency;
    private @Nullable Long version;
    private @Nullable Integer geofenceRadiusM;
    private String status = "scheduled";
    private String waitlistMode = "auto";
    /** An ISO-8601 duration, chosen from {@link #offerTtlChoices}; blank for the default. */
    private @Nullable String offerTtl;
    // "Repeats": composed into an RFC 5545 rule on the server, so the form needs no script
    private String repeats = "never";
    private List<String> days = new ArrayList<>();
    private String monthWeekday = "MO";
    private String ends = "until";
    private @Nullable String until;
    private @Nullable Integer count;
    /** When editing an occurrence of a series: "this" occurrence alone, or "following" ones too. */
    private String scope = "this";

    private static final Set<String> WEEKDAYS = Set.of("MO", "TU", "WE", "TH", "FR", "SA", "SU");

    static EventForm of(EventView e) {
        EventForm form = new EventForm();
        ZoneId zone = ZoneId.of(e.timezone());
        form.title = e.title();
        form.description = e.description();
        form.category = e.category();
        form.startTime = LOCAL_SECONDS.format(e.startTime().atZone(zone));
        form.endTime = LOCAL_SECONDS.format(e.endTime().atZone(zone));
        form.geofenceRadiusM = e.geofenceRadiusM();
        form.status = e.status().wireName();
        form.timezone = e.timezone();
        form.location = e.location();
        form.latitude = e.latitude();
        form.longitude = e.longitude();
        form.capacity = e.capacity();
        form.price = e.price();
        form.currency = e.currency();
        form.version = e.version();
        form.waitlistMode = e.waitlistMode().wireName();
        form.offerTtl = e.offerTtl();
        return form;
    }

    static EventForm blank() {
        EventForm form = new EventForm();
        LocalDateTime start = LocalDateTime.now().plusWeeks(1).withHour(18).withMinute(0).withSecond(0).withNano(0);
        form.startTime = LOCAL.format(start);
        form.endTime = LOCAL.format(start.plusHours(2));
        return form;
    }

    EventInput toInput() {
        // a field left out of the form is blank to validation, which names it ("must not be blank") as for null
        return new EventInput(orBlank(title), blankToNull(description), blankToNull(category), orBlank(startTime),
                orBlank(endTime), blankToNull(timezone), blankToNull(location), latitude, longitude, geofenceRadiusM,
                capacity, price, blankToNull(currency), blankToNull(status), version, blankToNull(waitlistMode),
                blankToNull(offerTtl));
    }

    /** The offer times the form offers, as ISO-8601 durations with their labels; an event's own value is kept. */
    public Map<String, String> offerTtlChoices() {
        Map<String, String> choices = new LinkedHashMap<>();
        choices.put("", "12 hours (default)");
        for (String[] choice : new String[][] {{"PT30M", "30 minutes"}, {"PT1H", "1 hour"}, {"PT2H", "2 hours"},
                {"PT6H", "6 hours"}, {"PT12H", "12 hours"}, {"PT24H", "24 hours"}, {"PT48H", "2 days"}, {"PT72H", "3 days"}}) {
            choices.put(choice[0], choice[1]);
        }
        if (offerTtl != null && !offerTtl.isBlank() && !choices.containsKey(offerTtl)) {
            choices.put(offerTtl, offerTtl); // set through the API to something the list lacks: an edit keeps it
        }
        return choices;
    }

    boolean repeating() {
        return "weekly".equals(repeats) || "monthly".equals(repeats);
    }

    boolean followingToo() {
        return "following".equals(scope);
    }

    /**
     * The rule the "Repeats" section describes: weekly on the ticked days (the start's day if none), or monthly on the
     * first chosen weekday; until a day, a number of times, or (neither given) on, with later dates created as time
     * moves on. Values outside the choices are passed on as they are, for the rule's parser to name.
     */
    String rrule() {
        StringBuilder rule = new StringBuilder();
        if ("monthly".equals(repeats)) {
            rule.append("FREQ=MONTHLY;BYDAY=1").append(WEEKDAYS.contains(monthWeekday) ? monthWeekday : "MO");
        } else {
            rule.append("FREQ=WEEKLY");
            List<String> chosen = days.stream().filter(WEEKDAYS::contains).toList();
            if (!chosen.isEmpty()) {
                rule.append(";BYDAY=").append(String.join(",", chosen));
            }
        }
        if ("count".equals(ends) && count != null) {
            rule.append(";COUNT=").append(count);
        } else if ("until".equals(ends) && until != null && !until.isBlank()) {
            rule.append(";UNTIL=").append(until.trim().replace("-", ""));
        }
        return rule.toString();
    }

    SeriesInput toSeriesInput() {
        return new SeriesInput(orBlank(title), blankToNull(description), blankToNull(category), orBlank(startTime),
                orBlank(endTime), blankToNull(timezone), blankToNull(location), latitude, longitude, geofenceRadiusM,
                capacity, price, blankToNull(currency), rrule(), List.of(), null);
    }

    /** The form as a merge patch of a series' fields, for "this and the following occurrences". */
    Map<String, @Nullable Object> toSeriesPatch() {
        Map<String, @Nullable Object> patch = new LinkedHashMap<>();
        patch.put("title", orBlank(title));
        patch.put("description", blankToNull(description));
        patch.put("category", blankToNull(category));
        patch.put("start_time", orBlank(startTime));
        patch.put("end_time", orBlank(endTime));
        patch.put("timezone", blankToNull(timezone));
        patch.put("location", blankToNull(location));
        patch.put("latitude", latitude);
        patch.put("longitude", longitude);
        patch.put("capacity", capacity);
        patch.put("price", price);
        patch.put("currency", blankToNull(currency));
        return patch;
    }

    private static String orBlank(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public @Nullable String getTitle() { return title; }
    public void setTitle(@Nullable String title) { this.title = title; }
    public @Nullable String getDescription() { return description; }
    public void setDescription(@Nullable String description) { this.description = description; }
    public @Nullable String getCategory() { return category; }
    public void setCategory(@Nullable String category) { this.category = category; }
    public @Nullable String getStartTime() { return startTime; }
    public void setStartTime(@Nullable String startTime) { this.startTime = startTime; }
    public @Nullable String getEndTime() { return endTime; }
    public void setEndTime(@Nullable String endTime) { this.endTime = endTime; }
    public String getTimezone() { return timezone; }
    public void setTimezone(String timezone) { this.timezone = timezone; }
    public @Nullable String getLocation() { return location; }
    public void setLocation(@Nullable String location) { this.location = location; }
    public @Nullable Double getLatitude() { return latitude; }
    public void setLatitude(@Nullable Double latitude) { this.latitude = latitude; }
    public @Nullable Double getLongitude() { return longitude; }
    public void setLongitude(@Nullable Double longitude) { this.longitude = longitude; }
    public @Nullable Integer getCapacity() { return capacity; }
    public void setCapacity(@Nullable Integer capacity) { this.capacity = capacity; }
    public @Nullable BigDecimal getPrice() { return price; }
    public void setPrice(@Nullable BigDecimal price) { this.price = price; }
    public @Nullable String getCurrency() { return currency; }
    public void setCurrency(@Nullable String currency) { this.currency = currency; }
    public @Nullable Integer getGeofenceRadiusM() { return geofenceRadiusM; }
    public void setGeofenceRadiusM(@Nullable Integer geofenceRadiusM) { this.geofenceRadiusM = geofenceRadiusM; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getWaitlistMode() { return waitlistMode; }
    public void setWaitlistMode(String waitlistMode) { this.waitlistMode = waitlistMode; }
    public @Nullable String getOfferTtl() { return offerTtl; }
    public void setOfferTtl(@Nullable String offerTtl) { this.offerTtl = offerTtl; }
    public @Nullable Long getVersion() { return version; }
    public void setVersion(@Nullable Long version) { this.version = version; }
    public String getRepeats() { return repeats; }
    public void setRepeats(String repeats) { this.repeats = repeats; }
    public List<String> getDays() { return days; }
    public void setDays(List<String> days) { this.days = days == null ? new ArrayList<>() : days; }
    public String getMonthWeekday() { return monthWeekday; }
    public void setMonthWeekday(String monthWeekday) { this.monthWeekday = monthWeekday; }
    public String getEnds() { return ends; }
    public void setEnds(String ends) { this.ends = ends; }
    public @Nullable String getUntil() { return until; }
    public void setUntil(@Nullable String until) { this.until = until; }
    public @Nullable Integer getCount() { return count; }
    public void setCount(@Nullable Integer count) { this.count = count; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    /** Where a refusal of the composed rule is shown. */
    public @Nullable String getRrule() { return null; }
}
