-- Accounts and sessions (lib/auth, better-auth). better-auth's "user" model is app_user itself (three columns
-- added below); its session, account and verification models get tables of their own next to it.
-- Local passwords live in auth_account.password (provider 'credential', bcrypt); app_user.password_hash from the
-- initial schema is no longer written.

ALTER TABLE app_user
  ADD COLUMN email_verified  boolean NOT NULL DEFAULT false,
  ADD COLUMN image           text,
  ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now(),
  -- Set by an administrator: a disabled user cannot sign in and every session of theirs stops working.
  ADD COLUMN disabled_at     timestamptz;

-- One row per signed-in browser; the cookie carries the (signed) token.
CREATE TABLE auth_session (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  token       text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  ip_address  text,
  user_agent  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_session_user ON auth_session (user_id);

-- How a user signs in: 'credential' (local password) or an OpenID Connect provider.
CREATE TABLE auth_account (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id                   uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  account_id                text NOT NULL,
  provider_id               text NOT NULL,
  access_token              text,
  refresh_token             text,
  id_token                  text,
  access_token_expires_at   timestamptz,
  refresh_token_expires_at  timestamptz,
  scope                     text,
  password                  text,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, account_id)
);
CREATE INDEX auth_account_user ON auth_account (user_id);

-- Short-lived values (OpenID Connect state and the like).
CREATE TABLE auth_verification (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identifier  text NOT NULL,
  value       text NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_verification_identifier ON auth_verification (identifier);

CREATE INDEX membership_org ON membership (organisation_id);
CREATE INDEX audit_log_org_entity ON audit_log (organisation_id, entity, at DESC);
