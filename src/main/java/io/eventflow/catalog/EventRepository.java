package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface EventRepository extends JpaRepository<Event, UUID> {

    @Query("SELECT e FROM Event e WHERE e.startTime > :from AND e.startTime <= :to AND e.status <> :excluded ORDER BY e.startTime, e.id")
    List<Event> startingBetween(Instant from, Instant to, EventStatus excluded);

    /** In id order: the caller locks them one after another in this order. */
    @Query("SELECT e FROM Event e WHERE e.organizerId = :organizer AND e.startTime > :now AND e.status = :status ORDER BY e.id")
    List<Event> upcomingOf(UUID organizer, Instant now, EventStatus status);

    /** A series' occurrences in the rule's order. */
    @Query("SELECT e FROM Event e WHERE e.seriesId = :series ORDER BY e.recurrenceId")
    List<Event> occurrencesOf(UUID series);

    @Query("SELECT COUNT(e) FROM Event e WHERE e.seriesId = :series AND e.startTime > :now")
    long upcomingOccurrences(UUID series, Instant now);
}
