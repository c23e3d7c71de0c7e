// cx_metrics through JDBC: what Metabase, Tableau, DBeaver and other Java
// tools see when they read its results with the PostgreSQL JDBC driver
// (pgjdbc, Debian's libpostgresql-jdbc-java).
//
// Connects with the libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER,
// PGPASSWORD) to a database with cx_metrics and test/data/sample.sql, and
// checks, in each transfer mode of the driver:
//   - getDouble of nps/csat/ces equals a formula over plain count(*) FILTER
//     counts (to 1e-9), and is bit-identical in text and binary transfer;
//   - getString of a score_summary is its text form, built here from a plain
//     GROUP BY, and stays so with binaryTransfer=true;
//   - with score_summary's OID in binaryTransferEnable, getBytes returns the
//     documented binary form (equal to score_summary_send, decoded here);
//   - NULL results are SQL NULL: getDouble 0 with wasNull() true, getString null;
//   - with a PGBinaryObject class registered for the type (ScoreSummaryObject
//     below), binary transfer works both ways: getObject/getString decode the
//     binary form, and setObject sends it in binary (score_summary_recv);
//   - binary COPY out and back in (send and recv) keeps every summary;
//   - a score_summary can be sent as a parameter.
// Prints PASS/FAIL lines; exits 1 if any check failed.
//
//   javac -cp /usr/share/java/postgresql.jar CxJdbcCheck.java
//   java -cp /usr/share/java/postgresql.jar:. CxJdbcCheck

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

public class CxJdbcCheck {
    static final double TOL = 1e-9;
    static int failures = 0;
    static int passes = 0;

    static boolean check(String name, boolean ok, String detail) {
        if (ok) {
            passes++;
            System.out.println("PASS " + name);
        } else {
            failures++;
            System.out.println("FAIL " + name + (detail.isEmpty() ? "" : ": " + detail));
        }
        return ok;
    }

    static boolean check(String name, boolean ok) {
        return check(name, ok, "");
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    // ------------------------------------------------------------ connection

    static String url;
    static Properties baseProps = new Properties();

    static void configure() {
        String host = env("PGHOST", "localhost");
        if (host.startsWith("/")) {
            // pgjdbc speaks TCP only (Unix sockets need an extra socket factory);
            // a socket directory means a local server: try localhost.
            System.out.println("NOTE PGHOST=" + host + " is a Unix socket directory; pgjdbc needs TCP, using localhost");
            host = "localhost";
        }
        String user = env("PGUSER", System.getProperty("user.name"));
        String db = env("PGDATABASE", user);
        url = "jdbc:postgresql://" + host + ":" + env("PGPORT", "5432") + "/" + db;
        baseProps.setProperty("user", user);
        String password = System.getenv("PGPASSWORD");
        if (password != null) {
            baseProps.setProperty("password", password);
        }
        baseProps.setProperty("ApplicationName", "cx_metrics JDBC check");
    }

    static Connection connect(Map<String, String> extra) throws SQLException {
        Properties p = new Properties();
        p.putAll(baseProps);
        extra.forEach(p::setProperty);
        return DriverManager.getConnection(url, p);
    }

    // The transfer modes a Java tool can end up in.
    static Map<String, Map<String, String>> modes() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("text (prepareThreshold=0)", Map.of("prepareThreshold", "0"));
        m.put("simple query protocol", Map.of("preferQueryMode", "simple"));
        m.put("binary (binaryTransfer=true, prepareThreshold=-1)",
              Map.of("binaryTransfer", "true", "prepareThreshold", "-1"));
        m.put("binaryTransfer=false, prepareThreshold=-1",
              Map.of("binaryTransfer", "false", "prepareThreshold", "-1"));
        return m;
    }

    // True when the driver received a float8 column in binary: pgjdbc then
    // formats it itself (1.0E20), while PostgreSQL's text form is 1e+20.
    static boolean float8IsBinary(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::float8")) {
            ps.setDouble(1, 1e20);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).equals("1.0E20");
            }
        }
    }

    // ------------------------------------------------------------ references (plain SQL)

    static final class Ref {
        long n, promoters, detractors, ratings, satisfied, efforts, effortSum;
        TreeMap<Integer, Long> answers = new TreeMap<>();

        double nps() { return 100.0 * (promoters - detractors) / n; }
        double csat() { return 100.0 * satisfied / ratings; }
        double ces() { return (double) effortSum / efforts; }

        String text() {
            StringBuilder sb = new StringBuilder("{");
            answers.forEach((v, c) -> sb.append(sb.length() > 1 ? "," : "").append(v).append(':').append(c));
            return sb.append('}').toString();
        }
    }

    static Map<String, Ref> reference(Connection c) throws SQLException {
        Map<String, Ref> refs = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                 "SELECT channel, count(answer), count(*) FILTER (WHERE answer >= 9), "
                 + "count(*) FILTER (WHERE answer <= 6), count(rating), count(*) FILTER (WHERE rating >= 4), "
                 + "count(effort), coalesce(sum(effort), 0) FROM responses GROUP BY channel")) {
            while (rs.next()) {
                Ref r = new Ref();
                r.n = rs.getLong(2);
                r.promoters = rs.getLong(3);
                r.detractors = rs.getLong(4);
                r.ratings = rs.getLong(5);
                r.satisfied = rs.getLong(6);
                r.efforts = rs.getLong(7);
                r.effortSum = rs.getLong(8);
                refs.put(rs.getString(1), r);
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                 "SELECT channel, answer, count(*) FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2")) {
            while (rs.next()) {
                refs.get(rs.getString(1)).answers.put(rs.getInt(2), rs.getLong(3));
            }
        }
        return refs;
    }

    // ------------------------------------------------------------ binary form (README "Binary form")

    record Pair(int value, long count, double sumW, double sumW2) {}

    // Decodes score_summary's binary form: uint8 version (1 or 2), uint8 flags
    // (0), uint16 reserved (0), uint16 npairs, then per value uint8 value,
    // int64 count (and float8 sum_w, float8 sum_w2 in version 2); network order.
    static List<Pair> decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        int version = buf.get() & 0xff;
        int flags = buf.get() & 0xff;
        int reserved = buf.getShort() & 0xffff;
        int npairs = buf.getShort() & 0xffff;
        if ((version != 1 && version != 2) || flags != 0 || reserved != 0) {
            throw new IllegalArgumentException("bad header " + version + "/" + flags + "/" + reserved);
        }
        List<Pair> pairs = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < npairs; i++) {
            int value = buf.get() & 0xff;
            long count = buf.getLong();
            double sw = version == 2 ? buf.getDouble() : Double.NaN;
            double sw2 = version == 2 ? buf.getDouble() : Double.NaN;
            if (value <= last || value > 100 || count <= 0) {
                throw new IllegalArgumentException("bad pair " + value + ":" + count);
            }
            last = value;
            pairs.add(new Pair(value, count, sw, sw2));
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " trailing bytes");
        }
        return pairs;
    }

    // Parses the weighted text form {v:c:sw:sw2,...} (Double.parseDouble reads
    // PostgreSQL's shortest round-trip decimals exactly).
    static List<Pair> parseWeightedText(String s) {
        List<Pair> pairs = new ArrayList<>();
        String body = s.substring(1, s.length() - 1);
        if (body.isEmpty()) {
            return pairs;
        }
        for (String item : body.split(",")) {
            String[] f = item.split(":");
            pairs.add(new Pair(Integer.parseInt(f[0]), Long.parseLong(f[1]),
                               Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        return pairs;
    }

    static String unweightedText(List<Pair> pairs) {
        StringBuilder sb = new StringBuilder("{");
        for (Pair p : pairs) {
            sb.append(sb.length() > 1 ? "," : "").append(p.value()).append(':').append(p.count());
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------ checks

    static final String METRICS_SQL =
        "SELECT channel, nps(answer), csat(rating), ces(effort), score_summary(answer), "
        + "round(nps(answer)::numeric, 1) FROM responses WHERE channel = ANY (?) GROUP BY channel ORDER BY channel";

    // channel -> bits of nps, csat, ces, per mode
    static Map<String, Map<String, long[]>> bitsByMode = new LinkedHashMap<>();

    static void checkMode(String mode, Map<String, String> props, Map<String, Ref> refs) throws SQLException {
        try (Connection c = connect(props)) {
            boolean expectBinary = "-1".equals(props.get("prepareThreshold"))
                                   && !"false".equals(props.get("binaryTransfer"));
            check(mode + ": float8 arrives " + (expectBinary ? "binary" : "as text"),
                  float8IsBinary(c) == expectBinary);
            Map<String, long[]> bits = new TreeMap<>();
            List<String> bad = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(METRICS_SQL)) {
                ps.setArray(1, c.createArrayOf("text", refs.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String ch = rs.getString(1);
                        Ref r = refs.get(ch);
                        double nps = rs.getDouble(2), csat = rs.getDouble(3), ces = rs.getDouble(4);
                        if (rs.wasNull() || Math.abs(nps - r.nps()) > TOL || Math.abs(csat - r.csat()) > TOL
                            || Math.abs(ces - r.ces()) > TOL || csat < 0 || csat > 100) {
                            bad.add(ch + " getDouble " + nps + "/" + csat + "/" + ces
                                    + " expected " + r.nps() + "/" + r.csat() + "/" + r.ces());
                        }
                        bits.put(ch, new long[] {Double.doubleToLongBits(nps), Double.doubleToLongBits(csat),
                                                 Double.doubleToLongBits(ces)});
                        String s = rs.getString(5);
                        if (!r.text().equals(s)) {
                            bad.add(ch + " getString " + s + " expected " + r.text());
                        }
                        Object o = rs.getObject(5);
                        if (!(o instanceof PGobject) || !"score_summary".equals(((PGobject) o).getType())
                            || !r.text().equals(((PGobject) o).getValue())) {
                            bad.add(ch + " getObject " + o);
                        }
                        BigDecimal rounded = rs.getBigDecimal(6);
                        if (rounded.scale() != 1 || Math.abs(rounded.doubleValue() - r.nps()) > 0.05 + TOL) {
                            bad.add(ch + " round(nps::numeric, 1) " + rounded);
                        }
                    }
                }
            }
            check(mode + ": getDouble nps/csat/ces = count(*) FILTER formulas, getString = text form, "
                  + "getObject = PGobject, round(...,1) has scale 1 (" + bits.size() + " channels)",
                  bad.isEmpty() && bits.size() == refs.size(), bad.toString());
            bitsByMode.put(mode, bits);
            checkNulls(mode, c);
        }
    }

    static void checkNulls(String mode, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                 "SELECT nps(answer), csat(rating), ces(effort), score_summary(answer), nps(score_summary(answer)), "
                 + "nps('{}'::score_summary), responses(score_summary(answer)) "
                 + "FROM responses WHERE channel = ?")) {
            ps.setString(1, "no such channel");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> bad = new ArrayList<>();
                for (int col : new int[] {1, 2, 3, 5, 6, 7}) {
                    double d = rs.getDouble(col);
                    if (d != 0.0 || !rs.wasNull()) {
                        bad.add("column " + col + " getDouble " + d + " wasNull " + rs.wasNull());
                    }
                    if (rs.getObject(col) != null) {
                        bad.add("column " + col + " getObject not null");
                    }
                }
                String s = rs.getString(4);
                if (s != null || !rs.wasNull()) {
                    bad.add("score_summary getString " + s);
                }
                if (rs.getBytes(4) != null || rs.getObject(4) != null) {
                    bad.add("score_summary getBytes/getObject not null");
                }
                check(mode + ": empty group -> SQL NULL (getDouble 0 + wasNull, getString/getBytes/getObject null)",
                      bad.isEmpty(), bad.toString());
            }
        }
    }

    static void checkBitIdentical() {
        Map<String, long[]> first = null;
        String firstMode = null;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, long[]>> e : bitsByMode.entrySet()) {
            if (first == null) {
                first = e.getValue();
                firstMode = e.getKey();
                continue;
            }
            for (String ch : first.keySet()) {
                if (!Arrays.equals(first.get(ch), e.getValue().get(ch))) {
                    bad.add(ch + ": " + firstMode + " vs " + e.getKey());
                }
            }
        }
        check("getDouble is bit-identical in every transfer mode (text: extra_float_digits=3 round-trips)",
              bad.isEmpty() && bitsByMode.size() == modes().size(), bad.toString());
    }

    // pgjdbc's default (prepareThreshold=5): the first executions of a
    // PreparedStatement get text results, later ones (from the 6th with
    // 42.5.5) a server-prepared statement and binary results.  A BI tool
    // refreshing a dashboard crosses that line.
    static void checkThresholdSwitch(Map<String, Ref> refs) throws SQLException {
        try (Connection c = connect(Map.of());
             PreparedStatement ps = c.prepareStatement(
                 "SELECT ?::float8, nps(answer), score_summary(answer) FROM responses WHERE channel = ?")) {
            String ch = refs.keySet().iterator().next();
            Ref r = refs.get(ch);
            List<String> transfer = new ArrayList<>();
            boolean same = true;
            Long bits = null;
            for (int i = 0; i < 7; i++) {
                ps.setDouble(1, 1e20);
                ps.setString(2, ch);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    transfer.add(rs.getString(1).equals("1.0E20") ? "binary" : "text");
                    long b = Double.doubleToLongBits(rs.getDouble(2));
                    same &= (bits == null || bits == b) && Math.abs(rs.getDouble(2) - r.nps()) <= TOL
                            && r.text().equals(rs.getString(3));
                    bits = b;
                }
            }
            check("default prepareThreshold: same nps bits and score_summary text across the switch " + transfer,
                  same && transfer.contains("text") && transfer.contains("binary"), transfer.toString());
        }
    }

    static void checkBinaryScoreSummary(Map<String, Ref> refs) throws SQLException {
        int oid;
        try (Connection c = connect(Map.of());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 'score_summary'::regtype::oid")) {
            rs.next();
            oid = rs.getInt(1);
        }
        // Text weighted forms, read the ordinary way, to compare with the binary ones.
        String weight = "(1 + (response_id % 4) * 0.25)::float8";
        Map<String, String> weightedText = new TreeMap<>();
        try (Connection c = connect(Map.of("prepareThreshold", "0"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT channel, score_summary(answer, " + weight + ") FROM responses GROUP BY 1")) {
            while (rs.next()) {
                weightedText.put(rs.getString(1), rs.getString(2));
            }
        }

        Map<String, String> props = Map.of("prepareThreshold", "-1", "binaryTransfer", "true",
                                           "binaryTransferEnable", Integer.toString(oid));
        String mode = "binaryTransferEnable=" + oid + " (score_summary's OID)";
        try (Connection c = connect(props);
             PreparedStatement ps = c.prepareStatement(
                 "SELECT channel, s, score_summary_send(s), w, score_summary_send(w) FROM ("
                 + "SELECT channel, score_summary(answer) AS s, score_summary(answer, " + weight + ") AS w "
                 + "FROM responses GROUP BY channel) x WHERE channel <> ? ORDER BY channel")) {
            ps.setString(1, "");
            List<String> bad = new ArrayList<>();
            List<String> badWeighted = new ArrayList<>();
            List<String> observedGetString = new ArrayList<>();
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    String ch = rs.getString(1);
                    Ref r = refs.get(ch);
                    byte[] raw = rs.getBytes(2);
                    boolean rawNull = rs.wasNull();
                    byte[] sent = rs.getBytes(3);
                    if (raw == null || rawNull || !Arrays.equals(raw, sent)) {
                        bad.add(ch + ": getBytes differs from score_summary_send");
                        continue;
                    }
                    List<Pair> pairs = decode(raw);
                    if (raw[0] != 1 || !r.text().equals(unweightedText(pairs))) {
                        bad.add(ch + ": binary decodes to " + unweightedText(pairs) + ", expected " + r.text());
                    }
                    String s = rs.getString(2);
                    observedGetString.add(s == null ? "null (wasNull=" + rs.wasNull() + ")" : s);

                    byte[] wraw = rs.getBytes(4);
                    if (wraw == null || !Arrays.equals(wraw, rs.getBytes(5)) || wraw[0] != 2) {
                        badWeighted.add(ch + ": weighted getBytes differs from score_summary_send or is not version 2");
                        continue;
                    }
                    List<Pair> wb = decode(wraw);
                    List<Pair> wt = parseWeightedText(weightedText.get(ch));
                    if (!wb.equals(wt)) {   // record equals compares the doubles bit for bit
                        badWeighted.add(ch + ": weighted binary " + wb + " != text " + wt);
                    }
                    if (!r.text().equals(unweightedText(wb))) {
                        badWeighted.add(ch + ": weighted counts " + unweightedText(wb) + " expected " + r.text());
                    }
                }
            }
            check(mode + ": getBytes = score_summary_send, decodes (README layout) to the GROUP BY counts",
                  bad.isEmpty() && rows == refs.size(), bad.toString());
            check(mode + ": weighted summaries arrive as version 2; sums bit-identical to the text form",
                  badWeighted.isEmpty() && rows == refs.size(), badWeighted.toString());
            // Not the extension's doing: pgjdbc has no decoder for a binary value of a
            // type it does not know, so getString and PGobject.getValue() give null
            // although the value is not NULL (wasNull() is false).  Reported, not judged.
            System.out.println("INFO " + mode + ": getString of a non-NULL score_summary returns "
                               + observedGetString.get(0) + " (pgjdbc " + driverVersion(c)
                               + " cannot turn an unknown binary type into text; keep score_summary out of"
                               + " binaryTransferEnable unless you read it with getBytes or register a"
                               + " PGBinaryObject class for it)");
            checkNulls(mode, c);
        }
        checkBinaryObject(refs, oid, weight, weightedText);
        checkBinaryCopy(weight);
    }

    // A score_summary for pgjdbc's binary transfer: registered with
    // PGConnection.addDataType("score_summary", ScoreSummaryObject.class) on a
    // connection whose binaryTransferEnable lists the type's OID, pgjdbc hands it
    // the binary form of every value read (setByteValue) and asks it for the
    // binary form of a parameter (toBytes).  getValue()/toString() give a text
    // form the server reads back exactly (weights in plain decimals).
    public static class ScoreSummaryObject extends PGobject implements PGBinaryObject {
        private static final long serialVersionUID = 1L;
        private byte[] raw;
        private transient List<Pair> pairs;
        static int binarySent = 0;

        public ScoreSummaryObject() {
            setType("score_summary");
        }

        static ScoreSummaryObject ofBytes(byte[] b) throws SQLException {
            ScoreSummaryObject o = new ScoreSummaryObject();
            o.setByteValue(b, 0);
            return o;
        }

        // Raw bytes, undecoded: to send a malformed value on purpose.
        static ScoreSummaryObject unchecked(byte[] b) {
            ScoreSummaryObject o = new ScoreSummaryObject();
            o.raw = b.clone();
            return o;
        }

        @Override
        public void setByteValue(byte[] value, int offset) throws SQLException {
            raw = Arrays.copyOfRange(value, offset, value.length);
            try {
                pairs = decode(raw);
            } catch (RuntimeException e) {
                throw new SQLException("malformed binary score_summary: " + e.getMessage(), "22P02");
            }
            StringBuilder sb = new StringBuilder("{");
            for (Pair p : pairs) {
                sb.append(sb.length() > 1 ? "," : "").append(p.value()).append(':').append(p.count());
                if (raw[0] == 2) {
                    sb.append(':').append(new BigDecimal(Double.toString(p.sumW())).toPlainString())
                      .append(':').append(new BigDecimal(Double.toString(p.sumW2())).toPlainString());
                }
            }
            this.value = sb.append('}').toString();
        }

        @Override
        public int lengthInBytes() {
            return raw.length;
        }

        @Override
        public void toBytes(byte[] bytes, int offset) {
            binarySent++;
            System.arraycopy(raw, 0, bytes, offset, raw.length);
        }

        List<Pair> pairs() {
            return pairs;
        }
    }

    static void checkBinaryObject(Map<String, Ref> refs, int oid, String weight, Map<String, String> weightedText)
            throws SQLException {
        String mode = "PGBinaryObject for score_summary (addDataType, binaryTransferEnable=" + oid + ")";
        Map<String, String> props = Map.of("prepareThreshold", "-1", "binaryTransferEnable", Integer.toString(oid));
        try (Connection c = connect(props)) {
            c.unwrap(PGConnection.class).addDataType("score_summary", ScoreSummaryObject.class);
            List<String> bad = new ArrayList<>();
            Map<String, ScoreSummaryObject> read = new TreeMap<>();
            Map<String, ScoreSummaryObject> readWeighted = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                     "SELECT channel, score_summary(answer), score_summary(answer, " + weight + ") "
                     + "FROM responses WHERE channel <> ? GROUP BY channel")) {
                ps.setString(1, "");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String ch = rs.getString(1);
                        Object o = rs.getObject(2);
                        String s = rs.getString(2);
                        if (!(o instanceof ScoreSummaryObject) || !refs.get(ch).text().equals(s) || rs.wasNull()) {
                            bad.add(ch + ": getObject " + (o == null ? null : o.getClass().getSimpleName())
                                    + " getString " + s);
                            continue;
                        }
                        read.put(ch, (ScoreSummaryObject) o);
                        Object w = rs.getObject(3);
                        if (!(w instanceof ScoreSummaryObject)
                            || !((ScoreSummaryObject) w).pairs().equals(parseWeightedText(weightedText.get(ch)))
                            || !((ScoreSummaryObject) w).pairs().equals(parseWeightedText(rs.getString(3)))) {
                            bad.add(ch + ": weighted " + rs.getString(3) + " vs " + weightedText.get(ch));
                            continue;
                        }
                        readWeighted.put(ch, (ScoreSummaryObject) w);
                    }
                }
            }
            check(mode + ": getObject decodes binary, getString = text form, weighted sums exact",
                  bad.isEmpty() && read.size() == refs.size(), bad.toString());

            // Send them back: binary parameters go through score_summary_recv.
            bad.clear();
            int sentBefore = ScoreSummaryObject.binarySent;
            try (PreparedStatement ps = c.prepareStatement(
                     "SELECT ?::text, ?::text, nps(?), responses(?), ?::score_summary::text")) {
                for (String ch : read.keySet()) {
                    ps.setObject(1, read.get(ch));
                    ps.setObject(2, readWeighted.get(ch));
                    ps.setObject(3, read.get(ch));
                    ps.setObject(4, readWeighted.get(ch));
                    ps.setString(5, readWeighted.get(ch).getValue());   // its text form, sent as text
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        Ref r = refs.get(ch);
                        if (!r.text().equals(rs.getString(1)) || !weightedText.get(ch).equals(rs.getString(2))
                            || Math.abs(rs.getDouble(3) - r.nps()) > TOL || rs.getLong(4) != r.n
                            || !weightedText.get(ch).equals(rs.getString(5))) {
                            bad.add(ch + ": " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(5));
                        }
                    }
                }
            }
            int sent = ScoreSummaryObject.binarySent - sentBefore;
            check(mode + ": setObject sends binary (" + sent + " values); the server reads back the same"
                  + " summaries, weighted exactly, and reads getValue()'s text form too",
                  bad.isEmpty() && sent >= 4 * read.size(), bad.toString());

            // Malformed binary parameters are refused with 22P02, as the README says.
            byte[][] malformed = {
                {1, 0, 0, 0, 0, 1, 101, 0, 0, 0, 0, 0, 0, 0, 1},          // value 101
                {1, 0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0},         // a trailing byte
                {1, 0, 0, 0, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 1},  // not ascending
                {1, 0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0},            // count 0
                {3, 0, 0, 0, 0, 0},                                       // version 3
                {1, 1, 0, 0, 0, 0},                                       // flags
            };
            List<String> states = new ArrayList<>();
            for (byte[] m : malformed) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::text")) {
                    ps.setObject(1, ScoreSummaryObject.unchecked(m));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        states.add("accepted " + rs.getString(1));
                    }
                } catch (SQLException e) {
                    states.add(e.getSQLState());
                }
            }
            check(mode + ": malformed binary parameters -> 22P02 " + states,
                  states.stream().allMatch("22P02"::equals), states.toString());
            checkNulls(mode, c);
        }
    }

    // Binary COPY runs score_summary_send and score_summary_recv on every value.
    static void checkBinaryCopy(String weight) throws SQLException {
        String source = "SELECT channel, score_summary(answer) AS s, score_summary(answer, " + weight + ") AS w "
                        + "FROM responses GROUP BY channel";
        try (Connection c = connect(Map.of())) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rowsOut = copy.copyOut("COPY (" + source + ") TO STDOUT (FORMAT binary)", out);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE copied (channel text, s score_summary, w score_summary)");
            }
            long rowsIn = copy.copyIn("COPY copied FROM STDIN (FORMAT binary)", new ByteArrayInputStream(out.toByteArray()));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                     "SELECT count(*) FROM copied JOIN (" + source + ") x USING (channel) "
                     + "WHERE copied.s::text = x.s::text AND copied.w::text = x.w::text")) {
                rs.next();
                long same = rs.getLong(1);
                check("binary COPY out and in (send/recv): " + same + " of " + rowsOut + " rows identical, weighted too",
                      rowsOut == 5 && rowsIn == 5 && same == 5, rowsOut + "/" + rowsIn + "/" + same);
            }
        } catch (java.io.IOException e) {
            check("binary COPY out and in", false, e.toString());
        }
    }

    static String driverVersion(Connection c) throws SQLException {
        return c.getMetaData().getDriverVersion();
    }

    static void checkParameters() throws SQLException {
        try (Connection c = connect(Map.of("prepareThreshold", "-1"))) {
            PGobject s = new PGobject();
            s.setType("score_summary");
            s.setValue("{9:3,0:1}");
            try (PreparedStatement ps = c.prepareStatement("SELECT nps(?), ?::text, responses(?)")) {
                ps.setObject(1, s);
                ps.setString(2, "{9:3, 0:1}");
                ps.setObject(3, s);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check("parameter: PGobject(score_summary) -> nps 50, responses 4",
                          Math.abs(rs.getDouble(1) - 100.0 * (3 - 1) / 4) <= TOL && rs.getLong(3) == 4);
                    check("parameter: setString + ::text keeps the string as is",
                          "{9:3, 0:1}".equals(rs.getString(2)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT nps(?::score_summary), ?::score_summary")) {
                ps.setString(1, "{9:3, 0:1}");
                ps.setNull(2, Types.OTHER);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    double d = rs.getDouble(1);
                    String n = rs.getString(2);
                    check("parameter: setString with ?::score_summary; setNull -> NULL",
                          Math.abs(d - 50.0) <= TOL && n == null && rs.wasNull());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT nps(?::score_summary)")) {
                ps.setString(1, "{11:1}");
                ps.executeQuery();
                check("parameter: an answer outside 0..10 raises 22003", false, "no error");
            } catch (SQLException e) {
                check("parameter: an answer outside 0..10 raises 22003", "22003".equals(e.getSQLState()),
                      e.getSQLState() + " " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        configure();
        System.out.println("connecting to " + url + " as " + baseProps.getProperty("user"));
        Map<String, Ref> refs;
        try (Connection c = connect(Map.of())) {
            System.out.println("driver: " + c.getMetaData().getDriverName() + " " + driverVersion(c)
                               + ", server " + c.getMetaData().getDatabaseProductVersion());
            refs = reference(c);
        }
        check("reference counts for 5 channels", refs.size() == 5, refs.keySet().toString());
        for (Map.Entry<String, Map<String, String>> m : modes().entrySet()) {
            checkMode(m.getKey(), m.getValue(), refs);
        }
        checkBitIdentical();
        checkThresholdSwitch(refs);
        checkBinaryScoreSummary(refs);
        checkParameters();
        System.out.println("jdbc: " + passes + " passed, " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }
}
