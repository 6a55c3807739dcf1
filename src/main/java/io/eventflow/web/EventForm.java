package io.eventflow.web;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.eventflow.catalog.EventInput;
import io.eventflow.catalog.EventView;

/**
 * The create/edit form. Times are what a {@code datetime-local} field sends (no offset): the catalog
 * reads them in the event's time zone, exactly as it does for API clients that send local times.
 */
class EventForm {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    /** Seconds too, so an edit that leaves the time alone does not move it. */
    private static final DateTimeFormatter LOCAL_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private String title;
    private String description;
    private String category;
    private String startTime;
    private String endTime;
    private String timezone = "UTC";
    private String location;
    private Double latitude;
    private Double longitude;
    private Integer capacity;
    private BigDecimal price;
    private String currency;
    private Long version;
    private Integer geofenceRadiusM;
    private String status = "scheduled";

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
        return new EventInput(title, blankToNull(description), blankToNull(category), startTime, endTime,
                blankToNull(timezone), blankToNull(location), latitude, longitude, geofenceRadiusM, capacity, price,
                blankToNull(currency), blankToNull(status), version);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public String getStartTime() { return startTime; }
    public void setStartTime(String startTime) { this.startTime = startTime; }
    public String getEndTime() { return endTime; }
    public void setEndTime(String endTime) { this.endTime = endTime; }
    public String getTimezone() { return timezone; }
    public void setTimezone(String timezone) { this.timezone = timezone; }
    public String getLocation() { return location; }
    public void setLocation(String location) { this.location = location; }
    public Double getLatitude() { return latitude; }
    public void setLatitude(Double latitude) { this.latitude = latitude; }
    public Double getLongitude() { return longitude; }
    public void setLongitude(Double longitude) { this.longitude = longitude; }
    public Integer getCapacity() { return capacity; }
    public void setCapacity(Integer capacity) { this.capacity = capacity; }
    public BigDecimal getPrice() { return price; }
    public void setPrice(BigDecimal price) { this.price = price; }
    public String getCurrency() { return currency; }
    public void setCurrency(String currency) { this.currency = currency; }
    public Integer getGeofenceRadiusM() { return geofenceRadiusM; }
    public void setGeofenceRadiusM(Integer geofenceRadiusM) { this.geofenceRadiusM = geofenceRadiusM; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
