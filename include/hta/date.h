/*
 * date.h — calendar dates as whole days since 1970-01-01 (proleptic
 * Gregorian, UTC). Evidence windows are day arithmetic on these.
 */
#ifndef HTA_DATE_H
#define HTA_DATE_H

/*
 * Parse exactly "YYYY-MM-DD" (year 1900..9999, a real day of that month:
 * 2026-02-30 is refused) into *days. Returns 0, or -1 when malformed.
 */
int hta_date_parse(const char *s, int *days);

/* Format `days` as "YYYY-MM-DD" into out (at least 11 bytes). */
void hta_date_format(int days, char out[11]);

/* Today's date in UTC. */
int hta_date_today(void);

#endif
