// A LoRaWAN device EUI as the platforms write it — `A8-17-58-FF-FE-05-28-5C`, `a81758fffe05285c`,
// `a8:17:58:ff:fe:05:28:5c`, `0xA81758FFFE05285C` — reduced to one form: 16 hex digits, lower case.

/** The EUI in its stored form (16 lower-case hex digits), or null when the text is not an EUI. */
export function normaliseEui(text: string): string | null {
  const trimmed = text.trim().replace(/^0x/i, '');
  // Separators (space, -, :, .) are ignored; any other character makes it not an EUI.
  if (!/^[0-9a-fA-F\s:.-]+$/.test(trimmed)) return null;
  const hex = trimmed.replace(/[\s:.-]/g, '').toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) ? hex : null;
}
