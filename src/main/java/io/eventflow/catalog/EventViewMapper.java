package io.eventflow.catalog;



final class EventViewMapper {

    private EventViewMapper() {
    }

    static EventView of(Event event) {
        EventSnapshot s = event.snapshot();
        Integer seatsLeft = s.capacity() == null ? null : Math.max(0, s.capacity() - event.seatsTaken());
        return new EventView(s.id(), event.number(), s.title(), s.description(), s.category(), s.startTime(), s.endTime(), s.timezone(),
                s.location(), s.latitude(), s.longitude(), s.geofenceRadiusM(), s.capacity(), s.price(), s.currency(),
                s.organizerId(), s.status(), event.popularity(), event.seatsTaken(), seatsLeft, s.createdAt(),
                s.updatedAt(), s.version(), event.waitlistMode(), event.offerTtlText(), null, event.seriesId());
    }
}
