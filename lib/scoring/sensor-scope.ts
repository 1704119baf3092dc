// What each sensor sees, resolved in SQL the same way for rollups and scoring: its covered area and its capacity.
//   covered area = sensor.covered_area_m2 ?? room.area_m2 ?? (no room: the building's gross area)
//   capacity     = room.capacity if the sensor has a room with one;
//                  else the building's capacity when it sees the whole building (no room, no covered area);
//                  else the building's capacity prorated by covered area ÷ gross area; else unknown.
// The fragments expect the aliases s (sensor), r (room, LEFT JOIN) and b (building).

export const COVERED_AREA_SQL = `COALESCE(s.covered_area_m2, r.area_m2, CASE WHEN s.room_id IS NULL THEN b.gross_area_m2 END)`;

export const SENSOR_CAPACITY_SQL = `CASE
  WHEN r.capacity IS NOT NULL AND r.capacity > 0 THEN r.capacity::double precision
  WHEN s.room_id IS NULL AND s.covered_area_m2 IS NULL THEN NULLIF(b.capacity, 0)::double precision
  WHEN b.capacity > 0 AND b.gross_area_m2 > 0 AND COALESCE(s.covered_area_m2, r.area_m2) > 0
    THEN b.capacity * LEAST(1, COALESCE(s.covered_area_m2, r.area_m2) / b.gross_area_m2)
END`;
