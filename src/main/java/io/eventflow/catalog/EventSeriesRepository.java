package io.eventflow.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface EventSeriesRepository extends JpaRepository<EventSeries, UUID> {

    /** The series' row locked: changes to a series and the creation of its occurrences take turns, across nodes. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM EventSeries s WHERE s.id = :id")
    Optional<EventSeries> lockById(UUID id);

    @Query("SELECT s.id FROM EventSeries s WHERE s.complete = false AND s.materialisedUntil < :until ORDER BY s.id")
    List<UUID> openBefore(Instant until);
}
