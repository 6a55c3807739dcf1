-- The iCalendar document attached to a mail (bookings, reminders, changes), kept with the mail so a retry sends
-- exactly what the first attempt would have.
ALTER TABLE notifications ADD COLUMN body_calendar TEXT;
