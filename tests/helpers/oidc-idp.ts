// A real OpenID Connect identity provider (oidc-provider) in the test process, on 127.0.0.1 and a free port:
// discovery, authorisation endpoint with PKCE required, token endpoint, RS256-signed id tokens from its JWKS,
// userinfo. The login/consent interaction is answered programmatically as `loginAs` — the account the next
// sign-in authenticates — so tests can play the browser with plain fetch calls.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface IdpAccount {
  sub: string;
  email: string;
  name: string;
  emailVerified?: boolean;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next login interaction signs in. */
  loginAs(account: IdpAccount): void;
  /** When true, the JWKS endpoint publishes a different key (same kid): id tokens then fail verification. */
  serveForeignJwks: boolean;
  /** Authorisation requests seen (their query parameters), newest last. */
  authorisationRequests: URLSearchParams[];
  close(): Promise<void>;
}

export async function startTestIdp(options: { redirectUri: string }): Promise<TestIdp> {
  const clientId = 'areal-test';
  const clientSecret = 'areal-test-secret-that-is-long-enough';
  const accounts = new Map<string, IdpAccount>();
  let current: IdpAccount | null = null;
  const authorisationRequests: URLSearchParams[] = [];

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const foreignJwks = JSON.stringify({ keys: [{ ...(await exportJWK(foreign.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] });

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [options.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key'] },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }) };
    },
  });
  const handle = provider.callback();

  const idp: Pick<TestIdp, 'serveForeignJwks'> = { serveForeignJwks: false };
  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/jwks' && idp.serveForeignJwks) {
      res.setHeader('content-type', 'application/jwk-set+json');
      return res.end(foreignJwks);
    }
    if (url.pathname === '/auth') authorisationRequests.push(url.searchParams);
    if (!url.pathname.startsWith('/interaction/')) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!current) throw new Error('no IdP account to log in as');
        accounts.set(current.sub, current);
        return await provider.interactionFinished(req, res, { login: { accountId: current.sub } }, { mergeWithLastSubmission: false });
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id! });
      grant.addOIDCScope(details.params.scope ?? 'openid');
      return await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });

  return Object.assign(idp, {
    issuer,
    clientId,
    clientSecret,
    authorisationRequests,
    loginAs(account: IdpAccount) {
      current = account;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
