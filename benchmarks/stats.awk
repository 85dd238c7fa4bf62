# stats.awk: turns the benchmark's measurements into Markdown table rows.
# Input (tab-separated, one line per measured process):
#   table workload row rep wall user sys maxrss_kb target_wall status bytes
# (and a "#ended DATE LOAD QUICK" line per sitting, which benchmarks/run reads and this ignores).
# For every table and workload, the first row seen is the baseline. Printed per (workload, row):
#   wall min and median, the median of the paired ratios row/baseline (rep i of the row against
#   rep i of the baseline, measured right next to each other), the target's own wall median and its
#   paired ratio, user+sys median, max RSS median, MB/s for rows that read BYTES, and failed runs.
# With -v vs=ROW, rows other than ROW and the baseline also get (row - baseline) / (ROW - baseline)
# of the median walls: the profiler's added time as a fraction of ROW's.
BEGIN { FS = "\t" }
$1 == table {
    key = $2 SUBSEP $3
    if (!($2 in seenw)) { seenw[$2] = 1; workloads[++nw] = $2; base[$2] = $3 }
    if (!(key in seenr)) { seenr[key] = 1; rows[$2, ++nr[$2]] = $3 }
    n = ++count[key]
    wall[key, $4] = $5; target[key, $4] = $9; cpu[key, n] = $6 + $7; rss[key, n] = $8
    walls[key, n] = $5; targets[key, n] = $9; bytes[key] = $11
    if ($10 != 0) failed[key]++
}
function median(arr, key, n,    i, j, t, v) {
    for (i = 1; i <= n; i++) v[i] = arr[key, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function minimum(arr, key, n,    i, m) {
    m = arr[key, 1]
    for (i = 2; i <= n; i++) if (arr[key, i] < m) m = arr[key, i]
    return m
}
# median over the reps both rows have of row/baseline for the column in arr (keyed by rep number)
function paired(arr, key, bkey,    r, k, ratios) {
    k = 0
    for (r = 1; r <= 1000; r++)
        if ((key, r) in arr && (bkey, r) in arr && arr[bkey, r] > 0) ratios["x", ++k] = arr[key, r] / arr[bkey, r]
    return k ? median(ratios, "x", k) : 0
}
END {
    for (w = 1; w <= nw; w++) {
        wl = workloads[w]; bkey = wl SUBSEP base[wl]
        for (i = 1; i <= nr[wl]; i++) {
            row = rows[wl, i]; key = wl SUBSEP row; n = count[key]
            ratio = (row == base[wl]) ? "1" : sprintf("%.2f", paired(wall, key, bkey))
            tratio = (row == base[wl]) ? "1" : sprintf("%.2f", paired(target, key, bkey))
            extra = ""
            if (vs != "" && row != base[wl] && row != vs && ((wl SUBSEP vs) in count)) {
                vkey = wl SUBSEP vs; b = median(walls, bkey, count[bkey])
                added = median(walls, vkey, count[vkey]) - b
                extra = added > 0 ? sprintf("%.3f", (median(walls, key, n) - b) / added) : "n/a"
            }
            mbs = bytes[key] > 0 ? sprintf("%.0f", bytes[key] / 1e6 / median(walls, key, n)) : ""
            printf "| %s | %s | %d | %.3f | %.3f | %s | %.3f | %s | %.2f | %.0f | %s | %s | %s |\n",
                wl, row, n, minimum(walls, key, n), median(walls, key, n), ratio,
                median(targets, key, n), tratio, median(cpu, key, n), median(rss, key, n) / 1024,
                extra, mbs, failed[key] ? failed[key] " of " n : ""
        }
    }
}
