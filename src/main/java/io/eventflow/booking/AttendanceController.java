package io.eventflow.booking;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.eventflow.identity.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Bookings")
class AttendanceController {

    private final Attendance attendance;

    AttendanceController(Attendance attendance) {
        this.attendance = attendance;
    }

    @PostMapping(path = "/api/v1/events/{id}/arrival", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record your arrival on site", description = "Needs a confirmed booking, a position within the "
            + "event's geofence_radius_m and a time from one hour before the start to the end; otherwise 422 with the "
            + "distance and the radius. 409 if already recorded.")
    Attendance.Arrival arrive(CurrentUser user, @PathVariable UUID id, @Valid @RequestBody Attendance.Position position) {
        return attendance.arrive(user, id, position);
    }

    @GetMapping("/api/v1/events/{id}/stats")
    @Operation(summary = "Booking statistics of an event (its organizer, admin)")
    Attendance.Stats stats(CurrentUser user, @PathVariable UUID id) {
        return attendance.stats(user, id);
    }
}
