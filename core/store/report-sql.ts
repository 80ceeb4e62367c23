/**
 * The SQL of the summary, the technician report, the per-ticket rows and the chart's series
 * (run by {@link ReportRepo} in core/store/reports.ts). `$1`/`$2` are always the period's
 * `from`/`to` as ISO text, cast to `timestamp` (the columns hold UTC without a zone).
 *
 * @module
 */
import { cumSql, dayIndexSql, type CalendarArrays } from "./work-calendar.ts";

/** SQL of a `timestamp(3)` column (UTC) as epoch milliseconds. */
export const msSql = (col: string) => `round(date_part('epoch', ${col}) * 1000)::float8`;
/** SQL of the exact epoch milliseconds of a `timestamp(3)` column (UTC), as `float8`. */
export const epochMsSql = (col: string) => `round(date_part('epoch', ${col}) * 1000)`;

/** `col` in the period `[$1, $2)`. */
export const R = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;
/** finished in the period: `resolvedAt ?? closedAt` in it */
export const FINISHED = (t: string) => `(${R(`${t}."resolvedAt"`)} OR (${t}."resolvedAt" IS NULL AND ${R(`${t}."closedAt"`)}))`;

const who = (one: boolean, t = "t") => (one ? ` AND ${t}."assigneeId" = $3` : "");

/** The period's tickets (created or finished in it) grouped by all the dimensions of the count maps. */
export const DIMS_SQL = `
SELECT kind, category, status, "feeType", resolution, tier,
  count(*) FILTER (WHERE ${R(`"createdAt"`)})::int AS "in",
  count(*) FILTER (WHERE ${FINISHED(`"Ticket"`)})::int AS "out",
  count(*) FILTER (WHERE ${R(`"createdAt"`)} AND "repeatOfId" IS NOT NULL)::int AS repeats
FROM "Ticket"
WHERE ${R(`"createdAt"`)} OR ${FINISHED(`"Ticket"`)}
GROUP BY 1, 2, 3, 4, 5, 6`;

/** Jobs done and dispatch punctuality per assignee (tickets only). */
export const jobsSql = (one: boolean) => `
SELECT t."assigneeId",
  count(*) FILTER (WHERE ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service')::int AS jobs,
  count(*) FILTER (WHERE ${R(`t."arrivedAt"`)} AND t."slaMet" IS NOT NULL)::int AS measured,
  count(*) FILTER (WHERE ${R(`t."arrivedAt"`)} AND t."slaMet")::int AS "onTime"
FROM "Ticket" t
WHERE (${R(`t."resolvedAt"`)} OR ${R(`t."arrivedAt"`)})${who(one)}
GROUP BY 1`;

/**
 * Surveys sent in the period, and full-form surveys of tickets finished in it, grouped by the
 * ticket's assignee and the survey's form, status, answer and outcome class (with the item
 * sums of those sent). Two index-friendly halves: sent in the period; finished in it but not
 * sent in it.
 */
export const surveysSql = (one: boolean) => {
  const item = (k: string, name: string) =>
    `COALESCE(sum(x.${k}) FILTER (WHERE x.sent), 0)::float8 AS "${name}Sum", count(x.${k}) FILTER (WHERE x.sent)::int AS "${name}N"`;
  const cols = `t."assigneeId", s.form, s.status, s.satisfied, s.outcome, s.attitude, s.skill, s.arrival, s.promise`;
  return `
SELECT x."assigneeId", x.form, x.status, x.satisfied, x.outcome,
  count(*) FILTER (WHERE x.sent)::int AS n,
  count(*) FILTER (WHERE x.finished AND x.form = 'full')::int AS finished,
  ${item("attitude", "att")}, ${item("skill", "skill")}, ${item("arrival", "arrival")}, ${item("promise", "promise")}
FROM (
  SELECT ${cols}, true AS sent, COALESCE(${FINISHED("t")}, false) AS finished
  FROM "Survey" s JOIN "Ticket" t ON t.id = s."ticketId"
  WHERE ${R(`s."sentAt"`)}${who(one)}
  UNION ALL
  SELECT ${cols}, false, true
  FROM "Ticket" t JOIN "Survey" s ON s."ticketId" = t.id
  WHERE ${FINISHED("t")} AND NOT COALESCE(${R(`s."sentAt"`)}, false)${who(one)}
) x
GROUP BY 1, 2, 3, 4, 5`;
};

/**
 * First-response and resolution working hours, in one aggregate (no grouping, one sort per
 * figure). The calendar's days come as the array parameters `$3` (cum), `$4` (start), `$5`
 * (len) — see core/store/work-calendar.ts — and `$6` the time zone when its offset is not
 * fixed. `d` is NULL for a ticket with an instant outside the arrays' span: counted apart,
 * with the span to widen to.
 */
const IN_FIRST = `(${R(`t."createdAt"`)} AND t."firstResponseAt" IS NOT NULL)`;
const RESOLVED_JOB = `(${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service')`;

export const durationsSql = (cal: CalendarArrays) => {
  const tz = "$6";
  const cum = (ms: string, i: string) => cumSql(ms, i, "k.c", "k.s", "k.l");
  const h = (d: string) => `GREATEST(${d}, 0) / 3600000`;
  // one pass: each ticket's created instant is converted once, for both figures
  return `
WITH k AS MATERIALIZED (SELECT $3::float8[] AS c, $4::float8[] AS s, $5::float8[] AS l)
SELECT
  count(x.df) FILTER (WHERE x.is_in)::int AS "firstN",
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${h("x.df")}) FILTER (WHERE x.is_in AND x.df IS NOT NULL) AS "firstP",
  count(x.dr) FILTER (WHERE x.is_res)::int AS "resolutionN",
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${h("x.dr")}) FILTER (WHERE x.is_res AND x.dr IS NOT NULL) AS "resolutionP",
  ${msSql(`min(x.a) FILTER (WHERE (x.is_in AND x.df IS NULL) OR (x.is_res AND x.dr IS NULL))`)} AS "missingFrom",
  ${msSql(`max(GREATEST(x.a, x.f, x.r)) FILTER (WHERE (x.is_in AND x.df IS NULL) OR (x.is_res AND x.dr IS NULL))`)} AS "missingTo"
FROM (
  SELECT m.is_in, m.is_res, m.a, m.f, m.r,
    CASE WHEN m.is_in THEN ${cum("m.fm", "m.fi")} - ${cum("m.am", "m.ai")} END AS df,
    CASE WHEN m.is_res THEN ${cum("m.rm", "m.ri")} - ${cum("m.am", "m.ai")} END AS dr
  FROM k, (
    SELECT y.*, ${dayIndexSql("y.am", "y.a", cal, tz)} AS ai,
      CASE WHEN y.is_in THEN ${dayIndexSql("y.fm", "y.f", cal, tz)} END AS fi,
      CASE WHEN y.is_res THEN ${dayIndexSql("y.rm", "y.r", cal, tz)} END AS ri
    FROM (
      SELECT t."createdAt" AS a, t."firstResponseAt" AS f, t."resolvedAt" AS r,
        ${epochMsSql(`t."createdAt"`)} AS am, ${epochMsSql(`t."firstResponseAt"`)} AS fm, ${epochMsSql(`t."resolvedAt"`)} AS rm,
        ${IN_FIRST} AS is_in, ${RESOLVED_JOB} AS is_res
      FROM "Ticket" t WHERE ${IN_FIRST} OR ${RESOLVED_JOB} OFFSET 0) y OFFSET 0) m
  OFFSET 0
) x`;
};

/** Per local day (time zone `$3`): tickets in by kind, and arrivals with a deadline and how many on time. */
export const SERIES_SQL = `
SELECT 'in' AS what, to_char(((t."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS day, t.kind AS key,
  count(*)::int AS n, 0 AS "onTime"
FROM "Ticket" t WHERE ${R(`t."createdAt"`)} GROUP BY 2, 3
UNION ALL
SELECT 'arrival', to_char(((t."arrivedAt" AT TIME ZONE 'UTC') AT TIME ZONE $3)::date, 'YYYY-MM-DD'), NULL,
  count(*)::int, count(*) FILTER (WHERE t."slaMet")::int
FROM "Ticket" t WHERE ${R(`t."arrivedAt"`)} AND t."slaMet" IS NOT NULL GROUP BY 2
ORDER BY 2, 1, 3`;

export const COMPLAINTS_SQL = `
SELECT CASE WHEN GROUPING(ck) = 0 THEN 'kind' WHEN GROUPING(sev) = 0 THEN 'severity' ELSE 'total' END AS dim,
  COALESCE(ck, sev) AS key, count(*)::int AS n,
  count(*) FILTER (WHERE status NOT IN ('closed', 'cancelled'))::int AS open,
  count(*) FILTER (WHERE "replyDueAt" IS NOT NULL AND
    CASE WHEN "repliedAt" IS NOT NULL THEN "repliedAt" > "replyDueAt" ELSE "replyDueAt" < $3::timestamp END)::int AS overdue
FROM (SELECT t.status, t."replyDueAt", c."repliedAt", COALESCE(c.kind, 'unknown') AS ck, COALESCE(c.severity, 'unknown') AS sev
      FROM "Ticket" t LEFT JOIN "Complaint" c ON c."ticketId" = t.id
      WHERE t.kind = 'complaint' AND ${R(`t."createdAt"`)}) x
GROUP BY GROUPING SETS ((), (ck), (sev))`;

export const ROWS_SQL = `
SELECT t.ref, ${msSql(`t."createdAt"`)} AS "createdAt", t.kind, t.category, t.status, t."feeType", t.resolution,
  ${msSql(`t."resolvedAt"`)} AS "resolvedAt", t."assigneeId", ${msSql(`t."firstResponseAt"`)} AS "firstResponseAt", t."slaMet", s.attitude, s.skill, s.arrival, s.promise, s.satisfied, s.outcome,
  t."repeatOfId" IS NOT NULL AS repeat
FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id
WHERE (${R(`t."createdAt"`)} OR ${FINISHED("t")}) AND t.ref > $3
ORDER BY t.ref LIMIT $4`;

export const ENGINEER_JOBS_SQL = `
SELECT t.ref, t.kind, t.category, t."feeType", ${msSql(`t."createdAt"`)} AS "createdAt", ${msSql(`t."resolvedAt"`)} AS "resolvedAt", t."slaMet", s.outcome,
  r.hours::float8 AS hours, r.parts, r."feeAmount"::float8 AS "feeAmount"
FROM "Ticket" t LEFT JOIN "Survey" s ON s."ticketId" = t.id LEFT JOIN "RepairRecord" r ON r."ticketId" = t.id
WHERE t."assigneeId" = $3 AND ${R(`t."resolvedAt"`)} AND t.resolution IS DISTINCT FROM 'self_service'
ORDER BY t."resolvedAt", t.ref`;
