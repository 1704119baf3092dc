-- Memberships an account has not accepted yet, and memberships disabled by one organisation (issue 15 item 1).
-- An organisation's administrator may only change memberships of their own organisation: adding an account that
-- already exists (it may belong to another municipality) creates an invitation (accepted_at NULL) that gives no
-- access until the account itself accepts it after signing in; disabling is per membership (disabled_at), so one
-- organisation can no longer lock an account out of another. Rows written without accepted_at (scripts, the
-- first OpenID Connect sign-in, a new account created by an administrator) are accepted at once.
ALTER TABLE membership
  ADD COLUMN accepted_at timestamptz DEFAULT now(),
  ADD COLUMN invited_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
  ADD COLUMN invited_at timestamptz,
  ADD COLUMN disabled_at timestamptz;
UPDATE membership SET accepted_at = now() WHERE accepted_at IS NULL;
-- The account's own pending invitations, read after sign-in.
CREATE INDEX membership_pending ON membership (user_id) WHERE accepted_at IS NULL;
