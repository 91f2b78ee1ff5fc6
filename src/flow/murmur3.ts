/**
 * MurmurHash3 x86 32-bit (seed 0), the non-cryptographic hash Hydra uses only to derive a
 * per-client suffix for its CSRF cookie names (`client/client.go` CookieSuffix), so that flows
 * of different clients in one browser do not overwrite each other's cookie. It protects
 * nothing; the cookie's value is what is checked.
 */
export function murmur3(input: string): number {
  const data = Buffer.from(input, 'utf8');
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = data.length >> 2;
  for (let i = 0; i < blocks; i++) {
    let k = data.readUInt32LE(i * 4);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = blocks * 4;
  const rest = data.length & 3;
  if (rest === 3) k ^= data[tail + 2]! << 16;
  if (rest >= 2) k ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    k ^= data[tail]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
