// A real OpenID Connect provider for the test suite: node-oidc-provider (OpenID-certified),
// listening on 127.0.0.1 only, with one confidential client and the library's development
// login and consent pages (any login name and password are accepted).
//
//   node tests/oidc/provider.mjs --port 9090 --client-id musharaka --client-secret s3cret \
//     --redirect-uri http://localhost:8000/en/accounts/oidc/test-sso/login/callback/ \
//     [--redirect-uri ...] [--accounts '{"nora@example.sa": {"name": "Nora"}}']
//
// The login name becomes the subject; its claims are `email` (the login name, or
// <login>@example.sa), `email_verified` (true) and `name`, each overridable per login name
// with --accounts. Prints "ready <issuer>" once it accepts connections.
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'client-id': { type: 'string', default: process.env.OIDC_CLIENT_ID },
    'client-secret': { type: 'string', default: process.env.OIDC_CLIENT_SECRET },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    accounts: { type: 'string', default: '{}' },
  },
});

const port = Number(args.port);
if (!port || !args['client-id'] || !args['client-secret'] || !args['redirect-uri'].length) {
  console.error('usage: provider.mjs --port N --client-id ID --client-secret S --redirect-uri URI...');
  process.exit(2);
}
const accounts = JSON.parse(args.accounts);

function claimsFor(login) {
  const email = login.includes('@') ? login : `${login}@example.sa`;
  return {
    email,
    email_verified: true,
    name: login.split('@')[0],
    ...(accounts[login] || {}),
  };
}

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: args['client-id'],
      client_secret: args['client-secret'],
      redirect_uris: args['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  scopes: ['openid', 'email', 'profile'],
  features: { devInteractions: { enabled: true } },
  // Test-only key for the provider's signed cookies; nothing here is a secret.
  cookies: { keys: ['musharaka-test-provider-cookie-key'] },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, ...claimsFor(sub) };
      },
    };
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
