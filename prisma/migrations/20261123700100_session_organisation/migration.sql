-- The organisation a signed-in session works in, for users with memberships in several organisations
-- (the switcher in the site header, lib/auth/organisation-switch.ts). Kept on the server-side session row, not in
-- a cookie; every request re-checks the membership (lib/auth/session.ts), so a removed membership falls back to
-- the user's first remaining one. NULL = the first membership by organisation slug.
ALTER TABLE auth_session
  ADD COLUMN active_organisation_id uuid REFERENCES organisation(id) ON DELETE SET NULL;
