// A real OpenID Connect provider for Punchclock's single sign-on tests: panva's oidc-provider
// (OpenID certified), configured with one confidential client that must use PKCE, a login page
// that checks test users' passwords, and the users' `groups` claim.
//
// Settings come from the environment (the tests start it on loopback):
//   PORT                       where to listen (127.0.0.1)
//   ISSUER                     default http://127.0.0.1:PORT
//   CLIENT_ID, CLIENT_SECRET   the client Punchclock signs in as (client_secret_basic)
//   POST_CLIENT_ID             a second client that authenticates with client_secret_post (same secret)
//   REDIRECT_URIS              comma-separated redirect URIs of both clients
//   POST_LOGOUT_REDIRECT_URIS  comma-separated
//   USERS                      JSON {"alice": {"password": "...", "email": "...", "name": "...", "groups": []}}
//
// Test hooks (POST /__test/tamper), for the cases an honest provider never produces: the next
// token response's ID token gets the given claims changed (or removed with null) and is signed
// again with this provider's own key, or with another key under the same key id ("sign": "other").
// Everything else about that response (the code exchange, PKCE, the access token) stays real.
// With "userinfo_down": true, the next user info request answers 503 instead.

import { createServer } from "node:http";

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const env = process.env;
const port = Number(env.PORT || 0);
const issuer = env.ISSUER || `http://127.0.0.1:${port}`;
const list = (text) => (text || "").split(",").map((s) => s.trim()).filter(Boolean);
const users = JSON.parse(env.USERS || "{}");

// A fresh signing key per start: restarting the provider rotates its key.
const { privateKey } = await generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: `k${Date.now().toString(36)}`, alg: "RS256", use: "sig" };
const { privateKey: otherKey } = await generateKeyPair("RS256", { extractable: true });

const page = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const client = {
  client_secret: env.CLIENT_SECRET,
  grant_types: ["authorization_code"],
  response_types: ["code"],
  redirect_uris: list(env.REDIRECT_URIS),
  post_logout_redirect_uris: list(env.POST_LOGOUT_REDIRECT_URIS),
};

const provider = new Provider(issuer, {
  clients: [
    { ...client, client_id: env.CLIENT_ID, token_endpoint_auth_method: "client_secret_basic" },
    { ...client, client_id: env.POST_CLIENT_ID || "post-client", token_endpoint_auth_method: "client_secret_post" },
  ],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  cookies: { keys: ["test-only-cookie-key"] },
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: user.sub || id,
          email: user.email,
          email_verified: true,
          name: user.name || id,
          preferred_username: id,
          groups: user.groups || [],
        };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page("Error", `<p>${escape(out.error)}: ${escape(out.error_description || "")}</p>`);
  },
});

let tamper = null;
let userinfoDown = false;
provider.use(async (ctx, next) => {
  if (ctx.path === "/me" && userinfoDown) {
    userinfoDown = false;
    ctx.status = 503;
    ctx.body = { error: "temporarily_unavailable" };
    return;
  }
  await next();
  if (ctx.path !== "/token" || !tamper || !ctx.body || !ctx.body.id_token) return;
  const change = tamper;
  tamper = null;
  const claims = decodeJwt(ctx.body.id_token);
  const header = decodeProtectedHeader(ctx.body.id_token);
  for (const [name, value] of Object.entries(change.claims || {})) {
    if (value === null) delete claims[name];
    else claims[name] = value;
  }
  const key = change.sign === "other" ? otherKey : privateKey;
  ctx.body = { ...ctx.body, id_token: await new SignJWT(claims).setProtectedHeader(header).sign(key) };
});


async function readForm(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

function loginForm(uid, error) {
  return page("Test provider sign-in", `
<form method="post" action="/interaction/${escape(uid)}/login">
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Continue</button>
</form>`);
}

// Sign-in checks the test user's password; consent is given at once (a first-party client).
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error("interaction mismatch");
  if (req.method === "GET") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(loginForm(uid));
  }
  if (action !== "login") return res.writeHead(404).end();
  const form = await readForm(req);
  const user = users[form.username];
  if (!user || user.password !== form.password) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(loginForm(uid, "Wrong username or password"));
  }
  const grant = new provider.Grant({ accountId: form.username, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const result = { login: { accountId: form.username }, consent: { grantId: await grant.save() } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const oidc = provider.callback();
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (match) return await interaction(req, res, match[1], match[2]);
    if (url.pathname === "/__test/tamper" && req.method === "POST") {
      let text = "";
      for await (const chunk of req) text += chunk;
      tamper = JSON.parse(text);
      userinfoDown = Boolean(tamper.userinfo_down);
      return res.writeHead(204).end();
    }
    return oidc(req, res);
  } catch (err) {
    res.writeHead(500, { "content-type": "text/plain" });
    return res.end(String(err));
  }
});
server.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening at ${issuer} (port ${server.address().port})`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
