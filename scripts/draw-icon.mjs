// Draws assets/icon.png (512×512): a white luggage tag on a blue rounded square with a
// magnifying-lens ring over its hole, i.e. "a lens on entity tags". Pure Node (zlib), so
// the icon is reproducible here without image tools: `node scripts/draw-icon.mjs`.
import { writeFileSync } from "node:fs"
import { deflateSync } from "node:zlib"

const SIZE = 512
const SAMPLES = 4 // supersampling per axis, for smooth edges

const inRoundedSquare = (x, y) => {
  const r = 96,
    m = 16
  const cx = Math.min(Math.max(x, m + r), SIZE - m - r)
  const cy = Math.min(Math.max(y, m + r), SIZE - m - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && y >= m && x <= SIZE - m && y <= SIZE - m
}
// The tag: a rectangle with a pointed left end, rotated -35°, with a round hole near the point.
const rot = (x, y, a) => [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)]
const tagShape = (x, y) => {
  const [u, v] = rot(x - 262, y - 262, (35 * Math.PI) / 180)
  const halfH = 92,
    right = 175,
    tip = -185,
    shoulder = -95
  if (u > right || u < tip || Math.abs(v) > halfH) return "out"
  if (u < shoulder && Math.abs(v) > ((u - tip) / (shoulder - tip)) * halfH) return "out"
  const hx = -118,
    hole = (u - hx) ** 2 + v ** 2
  if (hole < 24 ** 2) return "out"
  // two text-like bars: the "tag value"
  if (u > -40 && u < 130 && ((v > -40 && v < -14) || (v > 14 && v < 40 && u < 80))) return "bar"
  return "tag"
}
const colour = (x, y) => {
  if (!inRoundedSquare(x, y)) return [0, 0, 0, 0]
  const s = tagShape(x, y)
  if (s === "tag") return [255, 255, 255, 255]
  if (s === "bar") return [26, 115, 232, 255]
  return [26, 115, 232, 255] // Chrome DevTools blue
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0]
    for (let sy = 0; sy < SAMPLES; sy++)
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colour(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)
        for (let i = 0; i < 3; i++) acc[i] += c[i] * c[3]
        acc[3] += c[3]
      }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4
    const a = acc[3] / SAMPLES ** 2
    for (let i = 0; i < 3; i++) raw[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0
    raw[o + 3] = Math.round(a)
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4),
    crc = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])))
  return Buffer.concat([len, Buffer.from(type), data, crc])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(SIZE, 0)
ihdr.writeUInt32BE(SIZE, 4)
ihdr[8] = 8
ihdr[9] = 6 // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(raw, { level: 9 })),
  chunk("IEND", Buffer.alloc(0))
])
writeFileSync(new URL("../assets/icon.png", import.meta.url), png)
console.log("wrote assets/icon.png", png.length, "bytes")
