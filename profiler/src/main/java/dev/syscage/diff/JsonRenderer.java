package dev.syscage.diff;

import dev.syscage.export.JsonText;
import dev.syscage.policy.Phase;
import dev.syscage.policy.SyscallRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** The diff for tools: every list the model has, syscalls spelled as in profiles. */
public final class JsonRenderer {
    public String render(ProfileDiff d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("old", d.oldName());
        root.put("new", d.newName());
        root.put("arch", d.arch().seccompName());
        root.put("same", d.same());
        root.put("widens", d.widens());
        root.put("phases", phases(d.phases()));
        root.put("baseline", map("added", texts(d.baseline().added()), "removed", texts(d.baseline().removed())));
        List<Object> moves = new ArrayList<>();
        for (ProfileDiff.Move m : d.moves()) {
            moves.add(map("syscall", m.syscall().text(), "from", m.from().key(), "to", m.to().key()));
        }
        root.put("moved", moves);
        root.put("newlyAllowed", texts(d.newlyAllowed()));
        List<Object> risky = new ArrayList<>();
        for (ProfileDiff.Flag f : d.risky()) {
            risky.add(map("syscall", f.syscall().text(), "phase", f.phase().key(), "reason", f.reason()));
        }
        root.put("risky", risky);
        List<Object> processes = new ArrayList<>();
        for (ProfileDiff.ProcessDiff p : d.processes()) {
            processes.add(map("exe", p.exe(), "status", p.status(), "phases", phases(p.phases())));
        }
        root.put("processes", processes);
        return JsonText.write(root);
    }

    private static Map<String, Object> phases(Map<Phase, ProfileDiff.Change> changes) {
        Map<String, Object> out = new LinkedHashMap<>();
        changes.forEach((p, c) -> out.put(p.key(), map("added", texts(c.added()), "removed", texts(c.removed()))));
        return out;
    }

    private static List<String> texts(SortedSet<SyscallRef> refs) {
        return refs.stream().map(SyscallRef::text).toList();
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
