-- Sensor platforms' devices mapped to the organisation's sensors (issue 17 item 7). A LoRaWAN device is known to
-- ChirpStack, The Things Stack and OS2iot by its EUI; the sensor it feeds is named by the registry or an import,
-- so the EUI is mapped, not assumed to be the sensor id. A device type says which decoded field holds the reading
-- (a dotted path) and whether it is a people count or a 0/1 occupancy. Everything is per organisation: the
-- composite foreign keys make a mapping to another organisation's sensor or device type impossible.
CREATE UNIQUE INDEX sensor_organisation_id ON sensor (organisation_id, id);

CREATE TABLE device_type (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  field_path text NOT NULL CHECK (field_path ~ '^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z_$][A-Za-z0-9_$-]*|\.[0-9]+)*$' AND length(field_path) <= 200),
  value_kind text NOT NULL CHECK (value_kind IN ('count', 'presence')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name),
  UNIQUE (organisation_id, id)
);

CREATE TABLE sensor_device (
  sensor_id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  -- 16 hex digits, lower case, no separators (lib/sensors/eui.ts normalises what the user typed).
  dev_eui text NOT NULL CHECK (dev_eui ~ '^[0-9a-f]{16}$'),
  device_type_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sensor_device_eui_unique UNIQUE (organisation_id, dev_eui),
  FOREIGN KEY (organisation_id, sensor_id) REFERENCES sensor (organisation_id, id) ON DELETE CASCADE,
  -- A device type in use cannot be deleted: remove or re-type its devices first.
  FOREIGN KEY (organisation_id, device_type_id) REFERENCES device_type (organisation_id, id) ON DELETE RESTRICT
);
CREATE INDEX sensor_device_type ON sensor_device (device_type_id);
