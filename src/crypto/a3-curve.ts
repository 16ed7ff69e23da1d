/**
 * Fast variable-time scalar multiplication for short Weierstrass curves with a = −3 over a 256-bit prime
 * field: sm2p256v1 (SM2) and NIST P-256 (ECDSA signing).
 *
 * Why not noble's own multiply: on these curves noble's generic complete formulas cost ~5 µs per addition and
 * its table kernel is constant-time (a fake addition per window), so a table multiplication takes ~330 µs.
 * Here points are Jacobian (x = X/Z², y = Y/Z³), tables are affine so every table step is a mixed addition
 * (8M + 3S), doubling uses a = −3 (3M + 5S), and zero digits are skipped. That is ~2–4× faster.
 *
 * IMPORTANT: this is variable-time (timing depends on the scalar, including secret nonces). ledgersim signs
 * with simulation keys only; it is not hardened against timing side channels.
 *
 * Correctness is pinned by tests against noble's Point arithmetic and the published signature vectors.
 */
import { invert } from "@noble/curves/abstract/modular.js";

const ORDER_BITS = 256;

/** An affine point; tables hold these so additions into them are mixed additions. */
export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/** A Jacobian point (X/Z², Y/Z³); Z = 0 is the point at infinity. */
export interface JacobianPoint {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
}

/** Signed fixed-window table: entry [w][j−1] = j · 2^(W·w) · P for j in 1..2^(W−1). */
export interface FixedWindowTable {
  readonly windowBits: number;
  readonly windows: readonly (readonly AffinePoint[])[];
}

/** The point at infinity (any X, Y with Z = 0). */
export const JACOBIAN_INFINITY: JacobianPoint = Object.freeze({ X: 1n, Y: 1n, Z: 0n });
const INFINITY = JACOBIAN_INFINITY;

/** Width-w wNAF digits of a non-negative scalar, least significant first. */
function wnafDigits(scalar: bigint, width: number): number[] {
  const digits: number[] = [];
  const full = 1 << width;
  const mask = BigInt(full - 1);
  let k = scalar;
  while (k > 0n) {
    let digit = 0;
    if ((k & 1n) === 1n) {
      digit = Number(k & mask);
      if (digit >= full >> 1) digit -= full;
      k -= BigInt(digit);
    }
    digits.push(digit);
    k >>= 1n;
  }
  return digits;
}

/**
 * The arithmetic of one curve y² = x³ − 3x + b over the prime field of order p (b is never needed by these
 * formulas). Stateless apart from p; tables are values the caller caches.
 */
export class A3Curve {
  constructor(readonly p: bigint) {}

  private mul(a: bigint, b: bigint): bigint {
    return (a * b) % this.p;
  }

  private sub(a: bigint, b: bigint): bigint {
    const r = a - b;
    return r < 0n ? r + this.p : r;
  }

  private add(a: bigint, b: bigint): bigint {
    const r = a + b;
    return r >= this.p ? r - this.p : r;
  }

  /** 2·p (dbl-2001-b, a = −3). */
  double(p: JacobianPoint): JacobianPoint {
    if (p.Z === 0n || p.Y === 0n) return INFINITY;
    const delta = this.mul(p.Z, p.Z);
    const gamma = this.mul(p.Y, p.Y);
    const beta = this.mul(p.X, gamma);
    const alpha = (3n * this.mul(this.sub(p.X, delta), this.add(p.X, delta))) % this.p;
    const beta4 = (4n * beta) % this.p;
    const X3 = this.sub(this.mul(alpha, alpha), this.add(beta4, beta4));
    const Z3 = this.sub(this.sub(this.mul(this.add(p.Y, p.Z), this.add(p.Y, p.Z)), gamma), delta);
    const Y3 = this.sub(this.mul(alpha, this.sub(beta4, X3)), (8n * this.mul(gamma, gamma)) % this.p);
    return { X: X3, Y: Y3, Z: Z3 };
  }

  /** p + q for an affine q (mixed addition, 8M + 3S), with the doubling and inverse cases handled. */
  addAffine(p: JacobianPoint, q: AffinePoint): JacobianPoint {
    if (p.Z === 0n) return { X: q.x, Y: q.y, Z: 1n };
    const z1z1 = this.mul(p.Z, p.Z);
    const h = this.sub(this.mul(q.x, z1z1), p.X);
    const r = this.sub(this.mul(q.y, this.mul(p.Z, z1z1)), p.Y);
    if (h === 0n) return r === 0n ? this.double(p) : INFINITY;
    const hh = this.mul(h, h);
    const hhh = this.mul(h, hh);
    const v = this.mul(p.X, hh);
    const X3 = this.sub(this.sub(this.mul(r, r), hhh), this.add(v, v));
    const Y3 = this.sub(this.mul(r, this.sub(v, X3)), this.mul(p.Y, hhh));
    return { X: X3, Y: Y3, Z: this.mul(p.Z, h) };
  }

  /** Affine forms of many Jacobian points with one field inversion (Montgomery's trick); none may be infinity. */
  toAffineBatch(points: readonly JacobianPoint[]): AffinePoint[] {
    const prefix: bigint[] = new Array<bigint>(points.length);
    let acc = 1n;
    for (let i = 0; i < points.length; i++) {
      prefix[i] = acc;
      acc = this.mul(acc, (points[i] as JacobianPoint).Z);
    }
    let inv = invert(acc, this.p);
    const out: AffinePoint[] = new Array<AffinePoint>(points.length);
    for (let i = points.length - 1; i >= 0; i--) {
      const p = points[i] as JacobianPoint;
      const zInv = this.mul(inv, prefix[i] as bigint);
      inv = this.mul(inv, p.Z);
      const zInv2 = this.mul(zInv, zInv);
      out[i] = { x: this.mul(p.X, zInv2), y: this.mul(p.Y, this.mul(zInv2, zInv)) };
    }
    return out;
  }

  /** The affine x coordinate of a finite Jacobian point (one inversion). */
  affineX(p: JacobianPoint): bigint {
    return this.mul(p.X, invert(this.mul(p.Z, p.Z), this.p));
  }

  /**
   * Whether the affine x of a finite Jacobian point equals `x` (in [0, p)), without an inversion:
   * X = x·Z². Verification only needs this comparison, which saves a ~25 µs field inversion.
   */
  xEquals(point: JacobianPoint, x: bigint): boolean {
    return point.Z !== 0n && point.X === this.mul(x, this.mul(point.Z, point.Z));
  }

  /** Builds the signed fixed-window table of an affine point (≈ 2^(W−1)·(⌈256/W⌉+1) points). */
  buildTable(point: AffinePoint, windowBits: number): FixedWindowTable {
    if (!Number.isInteger(windowBits) || windowBits < 2 || windowBits > 10) {
      throw new RangeError(`A3Curve.buildTable: window must be 2..10 bits, got ${windowBits}`);
    }
    const windowCount = Math.ceil(ORDER_BITS / windowBits) + 1; // +1 absorbs the final signed-digit carry
    const perWindow = 1 << (windowBits - 1);
    // Window bases 2^(W·w)·P by doubling, normalised together (one inversion), then each row by mixed additions.
    const basesJacobian: JacobianPoint[] = [{ X: point.x, Y: point.y, Z: 1n }];
    for (let w = 1; w < windowCount; w++) {
      let next = basesJacobian[w - 1] as JacobianPoint;
      for (let i = 0; i < windowBits; i++) next = this.double(next);
      basesJacobian.push(next);
    }
    const bases = this.toAffineBatch(basesJacobian);
    const jacobian: JacobianPoint[] = [];
    for (const base of bases) {
      let multiple: JacobianPoint = { X: base.x, Y: base.y, Z: 1n };
      jacobian.push(multiple);
      for (let j = 2; j <= perWindow; j++) {
        multiple = this.addAffine(multiple, base);
        jacobian.push(multiple);
      }
    }
    const affine = this.toAffineBatch(jacobian);
    const windows: AffinePoint[][] = [];
    for (let w = 0; w < windowCount; w++) windows.push(affine.slice(w * perWindow, (w + 1) * perWindow));
    return { windowBits, windows };
  }

  /** Adds Σ scalar_i · P_i into `acc` using each P_i's fixed-window table (scalars in [0, n)). */
  addTableMultiples(
    acc: JacobianPoint,
    terms: readonly { readonly table: FixedWindowTable; readonly scalar: bigint }[],
  ): JacobianPoint {
    let sum = acc;
    for (const { table, scalar } of terms) {
      const W = table.windowBits;
      const full = 1 << W;
      const half = full >> 1;
      const mask = BigInt(full - 1);
      const shift = BigInt(W);
      let rest = scalar;
      let carry = 0;
      for (let w = 0; w < table.windows.length && (rest !== 0n || carry !== 0); w++) {
        let digit = Number(rest & mask) + carry;
        rest >>= shift;
        carry = 0;
        if (digit > half) {
          digit -= full;
          carry = 1;
        }
        if (digit === 0) continue;
        const row = table.windows[w] as readonly AffinePoint[];
        const entry = row[Math.abs(digit) - 1] as AffinePoint;
        sum = this.addAffine(sum, digit > 0 ? entry : { x: entry.x, y: entry.y === 0n ? 0n : this.p - entry.y });
      }
    }
    return sum;
  }

  /** scalar · point for a one-off point (no table): width-5 wNAF over batch-normalised odd multiples. */
  multiplyOnce(point: AffinePoint, scalar: bigint): JacobianPoint {
    const width = 5;
    const odd: JacobianPoint[] = [{ X: point.x, Y: point.y, Z: 1n }];
    const twice = this.toAffineBatch([this.double(odd[0] as JacobianPoint)])[0] as AffinePoint;
    for (let i = 1; i < 1 << (width - 2); i++) odd.push(this.addAffine(odd[i - 1] as JacobianPoint, twice));
    const oddAffine = this.toAffineBatch(odd); // P, 3P, 5P, …, 15P
    const digits = wnafDigits(scalar, width);
    let acc = INFINITY;
    for (let i = digits.length - 1; i >= 0; i--) {
      acc = this.double(acc);
      const digit = digits[i] as number;
      if (digit === 0) continue;
      const entry = oddAffine[(Math.abs(digit) - 1) >> 1] as AffinePoint;
      acc = this.addAffine(acc, digit > 0 ? entry : { x: entry.x, y: this.p - entry.y });
    }
    return acc;
  }
}
