import { BaseEdge, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

/** How far right of both ends a back edge runs: past the widest cards' right halves. */
const SIDE = 190;
const STUB = 18;

/**
 * Edges drawn with right angles. An edge that goes down the flow is a step path; one that goes
 * back up (a loop to an earlier prompt) leaves its card downwards, runs to the right of both
 * cards it joins, and enters its target from above, instead of a curve across the cards between.
 */
function RoutedEdgeView(props: EdgeProps) {
  const { sourceX, sourceY, targetX, targetY, markerEnd, style, label, labelStyle, labelBgStyle, labelShowBg, interactionWidth } = props;
  let path: string;
  let labelX: number;
  let labelY: number;
  if (targetY >= sourceY + 2 * STUB) {
    [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 8, offset: STUB });
  } else {
    // Round the side the target is on: the shorter way, and clear of the cards between.
    const side = targetX < sourceX ? Math.min(sourceX, targetX) - SIDE : Math.max(sourceX, targetX) + SIDE;
    const points = [
      [sourceX, sourceY],
      [sourceX, sourceY + STUB],
      [side, sourceY + STUB],
      [side, targetY - STUB],
      [targetX, targetY - STUB],
      [targetX, targetY],
    ];
    path = points.map(([x, y], i) => `${i ? 'L' : 'M'} ${x} ${y}`).join(' ');
    [labelX, labelY] = [side, (sourceY + targetY) / 2];
  }
  return (
    <BaseEdge
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={label}
      labelStyle={labelStyle}
      labelBgStyle={labelBgStyle}
      labelShowBg={labelShowBg}
      markerEnd={markerEnd}
      style={style}
      interactionWidth={interactionWidth}
    />
  );
}

export const RoutedEdge = memo(RoutedEdgeView);
