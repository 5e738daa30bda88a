"""A small OpenID Connect provider (django-oidc-provider) that the single sign-on tests start
in a process of their own: the organisation's provider, with a client registered for Voorrang
and people whose ``groups`` claim the tests change. Never part of Voorrang itself."""
