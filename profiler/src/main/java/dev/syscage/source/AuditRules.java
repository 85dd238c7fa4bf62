package dev.syscage.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel's audit rules (AUDIT_LIST_RULES, struct audit_rule_data in linux/audit.h), as far as they bear on
 * the SECCOMP records syscage learns from. Only the {@code exclude} list can drop those: the kernel checks it
 * when it starts a record, before the record takes a serial number, so a dropped record leaves no gap, and a
 * rule there that matches drops the record whatever its action (kernel/auditfilter.c, audit_filter()). Listing
 * needs CAP_AUDIT_CONTROL.
 */
public final class AuditRules {
    /** The SECCOMP record type. */
    public static final int SECCOMP = 1326;
    private static final int AUDIT_LIST_RULES = 1013;
    private static final int FILTER_EXCLUDE = 5;
    private static final int FILTER_PREPEND = 0x10;
    private static final int MAX_FIELDS = 64;
    /** struct audit_rule_data: flags, action, field_count, mask[64], fields[64], values[64], fieldflags[64], buflen, buf. */
    private static final int FIELDS = 12 + 4 * 64;
    private static final int VALUES = FIELDS + 4 * MAX_FIELDS;
    private static final int FIELD_FLAGS = VALUES + 4 * MAX_FIELDS;
    private static final int BUFLEN = FIELD_FLAGS + 4 * MAX_FIELDS;
    private static final int BUF = BUFLEN + 4;
    private static final int MSGTYPE = 12;
    /** Field types whose value is a string in buf (linux/audit.h): subj_*, obj_*, watch, dir, filterkey, exe. */
    private static final List<Integer> STRING_FIELDS = List.of(13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 105, 107, 210,
            112);
    private static final Map<Integer, String> FIELD_NAMES = Map.ofEntries(Map.entry(0, "pid"), Map.entry(1, "uid"),
            Map.entry(5, "gid"), Map.entry(9, "auid"), Map.entry(24, "loginuid_set"), Map.entry(MSGTYPE, "msgtype"),
            Map.entry(13, "subj_user"), Map.entry(14, "subj_role"), Map.entry(15, "subj_type"), Map.entry(16, "subj_sen"),
            Map.entry(17, "subj_clr"), Map.entry(112, "exe"));
    private static final String[] ACTIONS = {"never", "possible", "always"};

    private AuditRules() {
    }

    /** One comparison of a rule: {@code msgtype=SECCOMP}, {@code exe=/usr/bin/x}. */
    record Field(int type, Op op, long value, String text) {
        /** Whether this field, which compares the record's type, accepts {@code msgtype}. */
        boolean accepts(long msgtype) {
            return op.test(msgtype, value);
        }

        String render() {
            String name = FIELD_NAMES.getOrDefault(type, "field" + type);
            String shown = text != null ? text : type == MSGTYPE && value == SECCOMP ? "SECCOMP" : Long.toString(value);
            return "-F " + name + op.symbol + shown;
        }
    }

    /** The comparison operators of linux/audit.h, as audit_comparator() applies them. */
    enum Op {
        BIT_MASK(0x08000000, "&"), LESS(0x10000000, "<"), GREATER(0x20000000, ">"), NOT_EQUAL(0x30000000, "!="),
        EQUAL(0x40000000, "="), BIT_TEST(0x48000000, "&="), LESS_EQUAL(0x50000000, "<="),
        GREATER_EQUAL(0x60000000, ">=");

        private final int bits;
        private final String symbol;

        Op(int bits, String symbol) {
            this.bits = bits;
            this.symbol = symbol;
        }

        static Op of(int fieldflags) {
            int bits = fieldflags & 0x78000000;
            for (Op o : values()) if (o.bits == bits) return o;
            return null;
        }

        boolean test(long left, long right) {
            return switch (this) {
                case BIT_MASK -> (left & right) != 0;
                case LESS -> left < right;
                case GREATER -> left > right;
                case NOT_EQUAL -> left != right;
                case EQUAL -> left == right;
                case BIT_TEST -> (left & right) == right;
                case LESS_EQUAL -> left <= right;
                case GREATER_EQUAL -> left >= right;
            };
        }
    }

    /** One rule of the exclude list. */
    public record Rule(int action, List<Field> fields) {
        /**
         * Whether the rule can drop records of {@code msgtype}: every comparison of the record's type accepts it.
         * Its other comparisons (process, user, executable) are taken as able to match: any process of a run may
         * be the one they name; so is an operator this code does not know.
         */
        public boolean canDrop(long msgtype) {
            return fields.stream().filter(f -> f.type() == MSGTYPE).allMatch(f -> f.op() == null || f.accepts(msgtype));
        }

        /** The rule as {@code auditctl -l} shows it: {@code -a always,exclude -F msgtype=SECCOMP -F exe=/x}. */
        public String text() {
            StringBuilder out = new StringBuilder("-a ").append(action >= 0 && action < ACTIONS.length ? ACTIONS[action]
                    : Integer.toString(action)).append(",exclude");
            for (Field f : fields) out.append(' ').append(f.render());
            return out.toString();
        }

        /** The command that removes it. */
        public String removal() {
            return "auditctl -d " + text().substring(3);
        }
    }

    /** The rules of the kernel's exclude list that can drop SECCOMP records; the exception says why it cannot tell. */
    public static List<Rule> droppingSeccomp() throws AuditAccessException {
        return exclude().stream().filter(r -> r.canDrop(SECCOMP)).toList();
    }

    /** Every rule of the kernel's exclude list. */
    public static List<Rule> exclude() throws AuditAccessException {
        List<Rule> out = new ArrayList<>();
        for (ByteBuffer m : AuditControl.ask(AUDIT_LIST_RULES, "listing the kernel's audit rules (AUDIT_LIST_RULES)")) {
            if (m.capacity() < BUF) throw new AuditAccessException("a rule in the kernel's AUDIT_LIST_RULES reply is too short");
            if ((m.getInt(0) & ~FILTER_PREPEND) == FILTER_EXCLUDE) out.add(decode(m));
        }
        return out;
    }

    static Rule decode(ByteBuffer m) throws AuditAccessException {
        int count = m.getInt(8);
        if (count < 0 || count > MAX_FIELDS) throw new AuditAccessException("an audit rule with " + count + " fields");
        List<Field> fields = new ArrayList<>();
        int text = BUF;
        for (int i = 0; i < count; i++) {
            int type = m.getInt(FIELDS + 4 * i);
            long value = Integer.toUnsignedLong(m.getInt(VALUES + 4 * i));
            Op op = Op.of(m.getInt(FIELD_FLAGS + 4 * i));
            String string = null;
            if (STRING_FIELDS.contains(type)) {
                if (value > m.capacity() - text) throw new AuditAccessException("an audit rule's text runs past its end");
                byte[] bytes = new byte[(int) value];
                m.get(text, bytes);
                string = new String(bytes, StandardCharsets.UTF_8);
                text += (int) value;
            }
            fields.add(new Field(type, op, value, string));
        }
        return new Rule(m.getInt(4), List.copyOf(fields));
    }
}
