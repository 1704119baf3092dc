// Next.js configuration. next-intl reads the locale per request (cookie, Danish default) — see lib/i18n/request.ts.
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // pg, pg-copy-streams and highs are server-only Node packages; keep them out of the bundler.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'highs', '@prisma/adapter-pg'],
  typedRoutes: false,
};

module.exports = withNextIntl(nextConfig);
