"""Production security: response headers, sign-in lock-out, two-factor authentication, sessions.

See docs/security.md. The pieces:

* `middleware.SecurityHeadersMiddleware` — Content-Security-Policy (django-csp; a looser policy for
  the Wagtail admin under /admin/) and Permissions-Policy; Django's SecurityMiddleware adds HSTS,
  Referrer-Policy and X-Content-Type-Options, XFrameOptionsMiddleware adds X-Frame-Options.
* `lockout` — django-axes hooks: how a login is keyed, the client address, the lock-out page.
* `policy.requires_two_factor(user)` — who must use two-factor authentication.
* `middleware.TwoFactorMiddleware` — every session of such a user is sent to enrolment or to the
  code check until it is verified (django-otp), on every path but the two-factor pages and logout.
* `middleware.SessionExpiryMiddleware` — absolute and idle session lifetimes.
"""
