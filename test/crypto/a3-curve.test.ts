/**
 * The variable-time a = −3 curve arithmetic of a3-curve.ts (here on sm2p256v1; P-256 is pinned by intl.test.ts) against @noble/curves' reference Point: table
 * multiplication for every window width in use, one-off wNAF multiplication, edge scalars, and the
 * doubling / inverse cases of mixed addition.
 */
import { describe, expect, it } from "vitest";
import { A3Curve, JACOBIAN_INFINITY, type AffinePoint, type JacobianPoint } from "../../src/crypto/a3-curve.js";
import { SM2_CURVE, Sm2Point } from "../../src/crypto/sm2.js";
import { hex, SeededBytes } from "./helpers.js";

const N = SM2_CURVE.n;
const curve = new A3Curve(SM2_CURVE.p);
const random = new SeededBytes("sm2-curve");
const randomScalar = (): bigint => BigInt(`0x${hex(random.next(32))}`) % N;
const EDGE_SCALARS = [1n, 2n, 3n, 127n, 128n, 129n, 255n, 256n, N - 1n, N - 2n, N / 2n, (1n << 255n) - 1n, 1n << 200n, N - (1n << 64n)];

function reference(point: AffinePoint, scalar: bigint): bigint | null {
  if (scalar === 0n) return null;
  return Sm2Point.fromAffine(point).multiply(scalar).x;
}

const affine = (p: JacobianPoint): AffinePoint | null => (p.Z === 0n ? null : (curve.toAffineBatch([p])[0] as AffinePoint));

describe("a3-curve fixed-window tables", () => {
  const pointP = Sm2Point.BASE.multiply(randomScalar());
  const P: AffinePoint = { x: pointP.x, y: pointP.y };

  for (const window of [4, 5, 6, 8]) {
    it(`W=${window}: k·P matches noble for edge and 40 random scalars`, () => {
      const table = curve.buildTable(P, window);
      for (const k of [...EDGE_SCALARS, ...Array.from({ length: 40 }, randomScalar)]) {
        const product = curve.addTableMultiples(JACOBIAN_INFINITY, [{ table, scalar: k }]);
        expect(curve.affineX(product)).toBe(reference(P, k));
      }
      expect(curve.addTableMultiples(JACOBIAN_INFINITY, [{ table, scalar: 0n }]).Z).toBe(0n);
    });
  }

  it("sums several table terms (s·G + t·P), including a sum that is infinity", () => {
    const G: AffinePoint = { x: SM2_CURVE.Gx, y: SM2_CURVE.Gy };
    const tableG = curve.buildTable(G, 8);
    const tableP = curve.buildTable(P, 6);
    for (let i = 0; i < 20; i++) {
      const s = randomScalar();
      const t = randomScalar();
      const sum = curve.addTableMultiples(JACOBIAN_INFINITY, [{ table: tableG, scalar: s }, { table: tableP, scalar: t }]);
      const expected = Sm2Point.BASE.multiply(s).add(pointP.multiply(t));
      expect(affine(sum)).toEqual({ x: expected.x, y: expected.y });
    }
    const s = randomScalar();
    const cancel = curve.addTableMultiples(JACOBIAN_INFINITY, [{ table: tableG, scalar: s }, { table: tableG, scalar: N - s }]);
    expect(cancel.Z).toBe(0n);
  });
});

describe("a3-curve one-off multiplication and mixed addition", () => {
  it("multiplyOnce matches noble for edge and 30 random scalars on random points", () => {
    for (const k of [...EDGE_SCALARS, ...Array.from({ length: 30 }, randomScalar)]) {
      const point = Sm2Point.BASE.multiply(randomScalar());
      expect(curve.affineX(curve.multiplyOnce({ x: point.x, y: point.y }, k))).toBe(reference({ x: point.x, y: point.y }, k));
    }
  });

  it("mixed addition handles P + P (doubling), P + (−P) (infinity) and ∞ + P", () => {
    const point = Sm2Point.BASE.multiply(12345n);
    const P: AffinePoint = { x: point.x, y: point.y };
    const asJacobian: JacobianPoint = { X: P.x, Y: P.y, Z: 1n };
    const doubled = point.double();
    expect(affine(curve.addAffine(asJacobian, P))).toEqual({ x: doubled.x, y: doubled.y });
    expect(curve.addAffine(asJacobian, { x: P.x, y: SM2_CURVE.p - P.y }).Z).toBe(0n);
    expect(affine(curve.addAffine(JACOBIAN_INFINITY, P))).toEqual(P);
  });

  it("jacobianXEquals compares the affine x without inverting, and is false at infinity", () => {
    const point = Sm2Point.BASE.multiply(777n);
    const projective = curve.multiplyOnce({ x: SM2_CURVE.Gx, y: SM2_CURVE.Gy }, 777n);
    expect(projective.Z).not.toBe(1n);
    expect(curve.xEquals(projective, point.x)).toBe(true);
    expect(curve.xEquals(projective, point.x + 1n)).toBe(false);
    expect(curve.xEquals(JACOBIAN_INFINITY, 1n)).toBe(false);
  });

  it("rejects table windows outside 2..10 naming the function", () => {
    expect(() => curve.buildTable({ x: SM2_CURVE.Gx, y: SM2_CURVE.Gy }, 1)).toThrow(/A3Curve.buildTable/);
  });
});
