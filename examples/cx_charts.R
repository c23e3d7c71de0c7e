# NPS per channel and month, with its interval, into an R data frame and the
# chart of examples/cx_charts.py drawn with ggplot2: one column of panels per
# channel in the quick-start report's order, NPS with its interval on top
# (blue), the shares of detractors, passives and promoters below (red, grey,
# green), every panel of a row on the same scale.
#
#   source("examples/cx_charts.R")
#   con <- cx_connect()                  # libpq environment: PGHOST, PGPORT, PGDATABASE, ...
#   df <- monthly_nps(con)               # one row per channel and month
#   p <- plot_nps(df)                    # a ggplot; ggsave("nps_by_month.png", p, ...)
#
# As a script:  Rscript examples/cx_charts.R nps_by_month.png
#
# Debian packages: r-base-core r-cran-dbi r-cran-rpostgresql r-cran-ggplot2.

suppressPackageStartupMessages({
    library(DBI)
    library(RPostgreSQL)
    library(ggplot2)
})

CHANNEL_ORDER <- c("app", "web", "phone", "email", "store")
NPS_COLOR <- "#08519c"
BAND_COLOR <- "#c6dbef"
BUCKET_COLORS <- c("detractors (0-6)" = "#d7301f", "passives (7-8)" = "#bdbdbd",
                   "promoters (9-10)" = "#238b45")

# A connection from the libpq environment variables, as psql makes one.
cx_connect <- function() {
    env <- function(name, default) {
        value <- Sys.getenv(name)
        if (value == "") default else value
    }
    dbConnect(PostgreSQL(), host = env("PGHOST", "localhost"),
              port = as.integer(env("PGPORT", "5432")), dbname = env("PGDATABASE", env("PGUSER", "")),
              user = env("PGUSER", Sys.getenv("USER")), password = env("PGPASSWORD", ""))
}

# The query of examples/cx_charts.py: a score_summary per channel and month
# (UTC), and every number from it.  Metrics are numeric, NA where a channel
# has no answer in a month; month is a Date.
MONTHLY_NPS_SQL <- "
WITH monthly AS (
    SELECT channel, date_trunc('month', responded_at AT TIME ZONE 'UTC')::date AS month,
           score_summary(answer) AS answers
    FROM responses GROUP BY channel, month)
SELECT channel, month,
       coalesce(responses(answers), 0)::float8 AS responses,
       nps(answers) AS nps, nps_low(answers, $1::float8) AS nps_low, nps_high(answers, $1::float8) AS nps_high,
       share(answers, 0, 6) AS detractors, share(answers, 7, 8) AS passives, share(answers, 9, 10) AS promoters
FROM monthly ORDER BY month, channel"

monthly_nps <- function(con, confidence = 0.95) {
    dbGetQuery(con, MONTHLY_NPS_SQL, list(confidence))
}

channel_levels <- function(channels) {
    channels <- unique(channels)
    c(CHANNEL_ORDER[CHANNEL_ORDER %in% channels], sort(setdiff(channels, CHANNEL_ORDER)))
}

plot_nps <- function(df, confidence = 0.95) {
    levels <- channel_levels(df$channel)
    rows <- c("NPS (points)", "answers (%)")
    nps <- transform(df, channel = factor(channel, levels), row = factor(rows[1], rows))
    buckets <- c(detractors = "detractors (0-6)", passives = "passives (7-8)", promoters = "promoters (9-10)")
    shares <- do.call(rbind, lapply(names(buckets), function(b)
        data.frame(channel = factor(df$channel, levels), month = df$month,
                   bucket = factor(buckets[[b]], rev(buckets)), share = df[[b]],
                   row = factor(rows[2], rows))))
    shares$share[is.na(shares$share)] <- 0
    limits <- data.frame(channel = factor(levels[1], levels), month = min(df$month),
                         y = c(-100, 100, 0, 100), row = factor(rep(rows, each = 2), rows))
    band <- sprintf("%g %% interval (adjusted Wald)", 100 * confidence)
    ggplot() +
        geom_blank(data = limits, aes(month, y)) +
        geom_ribbon(data = nps, aes(month, ymin = nps_low, ymax = nps_high, fill = band)) +
        geom_hline(data = nps, aes(yintercept = 0), linewidth = 0.3) +
        geom_line(data = nps, aes(month, nps, colour = "NPS"), linewidth = 0.8) +
        geom_point(data = nps, aes(month, nps, colour = "NPS"), size = 1) +
        geom_col(data = shares, aes(month, share, fill = bucket), width = 20) +
        facet_grid(row ~ channel, scales = "free_y", switch = "y") +
        scale_colour_manual(NULL, values = c(NPS = NPS_COLOR)) +
        scale_fill_manual(NULL, values = c(setNames(BAND_COLOR, band), BUCKET_COLORS),
                          breaks = c(band, names(BUCKET_COLORS))) +
        scale_x_date(date_breaks = "3 months", date_labels = "%b") +
        labs(x = NULL, y = NULL, title = sprintf("NPS per month and channel, %s to %s",
                                                 format(min(df$month), "%b %Y"), format(max(df$month), "%b %Y"))) +
        theme_bw() +
        theme(legend.position = "bottom", strip.placement = "outside",
              strip.background = element_blank(), panel.grid.minor = element_blank())
}

if (sys.nframe() == 0L) {
    args <- commandArgs(trailingOnly = TRUE)
    out <- if (length(args) >= 1) args[[1]] else "nps_by_month.png"
    con <- cx_connect()
    df <- monthly_nps(con)
    dbDisconnect(con)
    ggsave(out, plot_nps(df), width = 16, height = 6.4, dpi = 110)
    cat(sprintf("wrote %s: NPS of %d channels over %d months\n", out,
                length(unique(df$channel)), length(unique(df$month))))
}
