import { describe, expect, it } from 'vitest';
import { openingView, READABLE_ZOOM } from '../src/editor/openingView';

const canvas = { width: 1000, height: 800 };

describe('the view after opening or laying out a flow', () => {
  it('shows a small flow whole, centred, without zooming past 100 %', () => {
    const v = openingView({ x: 0, y: 0, width: 400, height: 300 }, { x: 100, y: 0, width: 200, height: 60 }, canvas);
    expect(v.zoom).toBe(1);
    expect(v.x + 200 * v.zoom).toBeCloseTo(500); // the flow's centre at the canvas centre
    expect(v.y + 150 * v.zoom).toBeCloseTo(400);
  });

  it('fits a medium flow whole while it stays readable', () => {
    const v = openingView({ x: -500, y: 0, width: 2000, height: 1000 }, { x: 0, y: 0, width: 200, height: 60 }, canvas);
    expect(v.zoom).toBeCloseTo(1000 / 2400);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
  });

  it('opens a flow too large to read whole on its start, at the readable zoom', () => {
    const start = { x: 40000, y: 0, width: 200, height: 60 };
    const v = openingView({ x: 0, y: 0, width: 80000, height: 8000 }, start, canvas);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v.x + (start.x + start.width / 2) * v.zoom).toBeCloseTo(500); // start centred horizontally
    expect(v.y + start.y * v.zoom).toBeCloseTo(80); // near the top
  });
});
