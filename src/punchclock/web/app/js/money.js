// Money as the workspace writes it: in its currency (an admin's setting, read with the settings at
// start and with every report), formatted for the reader's locale by Intl.NumberFormat.

const KEY = "pc_currency";
let current = localStorage.getItem(KEY) || "USD";
const formats = new Map();

export function setCurrency(code) {
  if (!code || code === current) return;
  current = code;
  localStorage.setItem(KEY, code);
}

export const currency = () => current;

function format(code) {
  if (!formats.has(code)) {
    let fmt;
    try {
      fmt = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    } catch {
      // A code this browser does not know: the code and the number, as an invoice writes it.
      const plain = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      fmt = { format: (x) => `${code} ${plain.format(x)}` };
    }
    formats.set(code, fmt);
  }
  return formats.get(code);
}

/** `1234.5` as "€1,234.50" (in the workspace's currency unless another is given). */
export function money(amount, code = current) {
  return format(code).format(Number(amount) || 0);
}
