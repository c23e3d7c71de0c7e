# R client checks: DBI + RPostgreSQL read cx_metrics into data frames, and
# examples/cx_charts.R draws the chart with ggplot2.  Needs a database with
# cx_metrics and test/data/sample.sql, given by the libpq environment.  Every
# expected number comes from plain SQL counts (count(*) FILTER) and formulas
# written here, never from cx_metrics.  Prints a PASS/FAIL line per check and
# exits non-zero if any failed.
#
#   Rscript --vanilla test/clients/r_check.R

here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
root <- normalizePath(file.path(here, "..", ".."))
source(file.path(root, "examples", "cx_charts.R"))

failures <- 0
check <- function(name, ok, detail = "") {
    ok <- isTRUE(ok)
    cat(if (ok) "PASS " else "FAIL ", name, if (!ok && nzchar(detail)) paste(":", detail) else "", "\n", sep = "")
    if (!ok) failures <<- failures + 1
}
close_to <- function(a, b, tol = 1e-9) length(a) == length(b) && all(abs(a - b) <= tol * pmax(1, abs(b)))

con <- cx_connect()

# --- metrics into a data frame, against count(*) FILTER formulas
df <- monthly_nps(con)
check("R: monthly_nps gives one row per channel and month (60)", nrow(df) == 60)
numeric_cols <- c("responses", "nps", "nps_low", "nps_high", "detractors", "passives", "promoters")
check("R: metric columns are numeric (double), month is a Date, channel a character",
      all(vapply(df[numeric_cols], is.double, TRUE)) && inherits(df$month, "Date") && is.character(df$channel))
ref <- dbGetQuery(con, "
    SELECT channel, date_trunc('month', responded_at AT TIME ZONE 'UTC')::date AS month,
           count(answer)::float8 AS n, (count(*) FILTER (WHERE answer >= 9))::float8 AS p,
           (count(*) FILTER (WHERE answer BETWEEN 7 AND 8))::float8 AS pa,
           (count(*) FILTER (WHERE answer <= 6))::float8 AS d
    FROM responses GROUP BY 1, 2")
m <- merge(df, ref, by = c("channel", "month"))
z <- qnorm(0.975)
n2 <- m$n + 3
p2 <- (m$p + 0.75) / n2
d2 <- (m$d + 0.75) / n2
half <- z * sqrt((p2 + d2 - (p2 - d2)^2) / n2)
check("R: every NPS, share and count equals the count(*) FILTER formulas (1e-9)",
      nrow(m) == 60 && close_to(m$nps, 100 * (m$p - m$d) / m$n) && close_to(m$responses, m$n) &&
      close_to(m$promoters, 100 * m$p / m$n) && close_to(m$passives, 100 * m$pa / m$n) &&
      close_to(m$detractors, 100 * m$d / m$n))
check("R: every interval equals the adjusted-Wald formula with qnorm(0.975) (1e-9)",
      close_to(m$nps_low, pmax(-100, 100 * (p2 - d2 - half))) && close_to(m$nps_high, pmin(100, 100 * (p2 - d2 + half))))

# --- NULL for empty groups: NA
invisible(dbBegin(con))
invisible(dbExecute(con, "INSERT INTO responses (response_id, customer_id, responded_at, channel, answer)
                SELECT max(response_id) + 1, min(customer_id), '2025-12-15 12:00+00', 'kiosk', NULL FROM responses"))
k <- monthly_nps(con)
invisible(dbRollback(con))
kiosk <- k[k$channel == "kiosk", ]
check("R: a channel whose answers are all NULL reads as NA, 0 responses, columns still numeric",
      nrow(kiosk) == 1 && all(is.na(kiosk[c("nps", "nps_low", "nps_high", "promoters")])) &&
      kiosk$responses == 0 && all(vapply(k[numeric_cols], is.double, TRUE)))
none <- dbGetQuery(con, "SELECT nps(answer), csat(rating), ces(effort) FROM responses WHERE false")
check("R: no rows gives NA for every metric", nrow(none) == 1 && all(is.na(none)))

# --- score_summary as text, and back as a parameter
counts <- dbGetQuery(con, "SELECT answer, count(*)::float8 AS c FROM responses
                           WHERE channel = 'phone' AND answer IS NOT NULL GROUP BY 1 ORDER BY 1")
expected <- paste0("{", paste(sprintf("%d:%d", counts$answer, as.integer(counts$c)), collapse = ","), "}")
s <- dbGetQuery(con, "SELECT score_summary(answer)::text AS s FROM responses WHERE channel = 'phone'")$s
check("R: score_summary (cast to text) arrives as its text form", identical(s, expected), s)
back <- dbGetQuery(con, "SELECT nps($1::score_summary) AS nps, responses($1::score_summary)::float8 AS n,
                                $1::score_summary::text = (SELECT score_summary(answer)::text FROM responses
                                                           WHERE channel = 'phone') AS same", list(s))
p <- sum(counts$c[counts$answer >= 9]); d <- sum(counts$c[counts$answer <= 6]); n <- sum(counts$c)
check("R: the summary sent back as a $1::score_summary parameter gives the same summary and NPS",
      isTRUE(back$same) && close_to(back$nps, 100 * (p - d) / n) && back$n == n)
words <- c("доставка", "Zufriedenheit ü", "満足度")
u <- dbGetQuery(con, "SELECT $1::text AS a, $2::text AS b, $3::text AS c", as.list(words))
check("R: non-ASCII text round-trips", identical(unname(unlist(u)), words))

# --- the chart
p <- plot_nps(df)
built <- ggplot_build(p)
layout <- built$layout$layout
check("R: the chart has one column per channel in the report's order and two rows",
      identical(levels(droplevels(layout$channel)), CHANNEL_ORDER) && length(unique(layout$ROW)) == 2)
ranges <- lapply(built$layout$panel_params, function(pp) pp$y.range)
top <- ranges[layout$ROW == 1]
check("R: every NPS panel spans -100..100 and every share panel 0..100",
      all(vapply(top, function(r) r[1] <= -100 && r[2] >= 100, TRUE)) &&
      all(vapply(ranges[layout$ROW == 2], function(r) r[1] <= 0 && r[2] >= 100 && r[2] < 120, TRUE)))
fills <- unique(unlist(lapply(built$data, function(d) d$fill)))
check("R: fills are the interval band and the three bucket colours only",
      setequal(toupper(na.omit(fills)), toupper(c(BAND_COLOR, BUCKET_COLORS))), paste(fills, collapse = " "))
png <- tempfile(fileext = ".png")
ggsave(png, p, width = 16, height = 6.4, dpi = 110)
head <- readBin(png, "raw", 24)
dims <- c(sum(as.integer(head[17:20]) * 256^(3:0)), sum(as.integer(head[21:24]) * 256^(3:0)))
check(sprintf("R: ggsave writes a PNG of %d x %d, %d bytes", dims[1], dims[2], file.size(png)),
      identical(head[2:4], charToRaw("PNG")) && dims[1] >= 1000 && dims[2] >= 500 && file.size(png) > 20 * 1024)
unlink(png)

invisible(dbDisconnect(con))
cat(sprintf("R: %d failed\n", failures))
quit(status = if (failures > 0) 1 else 0)
