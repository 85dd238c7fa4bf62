package dev.syscage.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Which exclude rules can drop SECCOMP records: the kernel drops a record when every comparison of a rule on the
 * exclude list matches (audit_filter()). The record's type is known (1326); the process fields are taken as able
 * to match. Decoded from struct audit_rule_data as the kernel lists it.
 */
class AuditRulesTest {
    private static final int EQUAL = 0x40000000;
    private static final int NOT_EQUAL = 0x30000000;
    private static final int GREATER_EQUAL = 0x60000000;
    private static final int LESS = 0x10000000;

    /** struct audit_rule_data for the exclude list with fields (type, op, value or string). */
    private static ByteBuffer rule(Object[]... fields) {
        ByteBuffer b = ByteBuffer.allocate(1040 + 256).order(ByteOrder.nativeOrder());
        b.putInt(0, 5);
        b.putInt(4, 2);
        b.putInt(8, fields.length);
        int text = 1040;
        for (int i = 0; i < fields.length; i++) {
            b.putInt(12 + 256 + 4 * i, (Integer) fields[i][0]);
            b.putInt(780 + 4 * i, (Integer) fields[i][1]);
            if (fields[i][2] instanceof String s) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                b.putInt(524 + 4 * i, bytes.length);
                b.put(text, bytes);
                text += bytes.length;
            } else {
                b.putInt(524 + 4 * i, (Integer) fields[i][2]);
            }
        }
        b.putInt(1036, text - 1040);
        return b;
    }

    @Test
    void aRuleForSeccompScopedToAnExecutableCanDropAndIsShownAsAuditctlWouldShowIt() throws Exception {
        AuditRules.Rule r = AuditRules.decode(rule(new Object[] {12, EQUAL, 1326}, new Object[] {112, EQUAL, "/x/y"}));
        assertTrue(r.canDrop(AuditRules.SECCOMP));
        assertEquals("-a always,exclude -F msgtype=SECCOMP -F exe=/x/y", r.text());
        assertEquals("auditctl -d always,exclude -F msgtype=SECCOMP -F exe=/x/y", r.removal());
    }

    @Test
    void theRecordTypeDecides() throws Exception {
        assertFalse(AuditRules.decode(rule(new Object[] {12, EQUAL, 1300})).canDrop(AuditRules.SECCOMP));
        assertFalse(AuditRules.decode(rule(new Object[] {12, NOT_EQUAL, 1326})).canDrop(AuditRules.SECCOMP));
        assertTrue(AuditRules.decode(rule(new Object[] {12, GREATER_EQUAL, 1300})).canDrop(AuditRules.SECCOMP));
        assertFalse(AuditRules.decode(rule(new Object[] {12, GREATER_EQUAL, 1300}, new Object[] {12, LESS, 1320}))
                .canDrop(AuditRules.SECCOMP));
        assertTrue(AuditRules.decode(rule(new Object[] {0, EQUAL, 4242})).canDrop(AuditRules.SECCOMP),
                "no record type: every type of that process, SECCOMP included");
        assertTrue(AuditRules.decode(rule()).canDrop(AuditRules.SECCOMP), "no field: every record");
    }
}
