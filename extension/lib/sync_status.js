// The options page's sync line: what `acquaint sync status` says, in a few words. Built as text (never markup):
// device names come from other computers' files.

function when(iso, now) {
  if (!iso) return "never";
  const minutes = Math.round((now - Date.parse(iso)) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

// status: the host's `sync_status` reply's `sync` (null when sync is off). Returns { text, problem }.
export function syncLine(status, now = Date.now()) {
  if (!status) {
    return { text: "Sync is off: this history stays on this computer. `acquaint sync init DIR` shares it through a folder you already sync.", problem: false };
  }
  const name = String(status.name ?? "this computer").slice(0, 40);
  const others = (status.devices ?? []).map((device) => {
    const label = String(device.name ?? device.device ?? "?").slice(0, 40);
    const waiting = device.files_waiting ? `, ${device.files_waiting} file(s) still arriving` : "";
    return `${label}: last change ${when(device.last_change, now)}${waiting}`;
  });
  const parts = [`Syncing as “${name}”.`];
  parts.push(others.length ? others.join("; ") + "." : "No other computer has joined yet.");
  const problems = (status.problems ?? []).map((problem) => String(problem).slice(0, 300));
  if (problems.length) parts.push(`Problem: ${problems.join(" ")}`);
  return { text: parts.join(" "), problem: problems.length > 0 };
}
