"""Run the test provider: ``python -m tests.oidc_provider.serve STATE_DIR PORT``.

STATE_DIR holds ``setup.json`` (the client and the users, written by the fixture); the signing
key and the database are made there at start. The process serves until it is killed.
"""

import json
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def write_signing_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


def register(setup: dict) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    client = setup["client"]
    Application.objects.create(
        name="Tuchtdossier", client_id=client["id"], client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True)
    for person in setup["users"]:
        user = User.objects.create_user(
            person["username"], email=person["email"], password=person["password"],
            first_name=person["first_name"], last_name=person["last_name"])
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def main(state_dir: str, port: str) -> None:
    state = Path(state_dir)
    write_signing_key(state / "signing-key.pem")
    os.environ["OIDC_PROVIDER_DIR"] = str(state)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0)
    register(json.loads((state / "setup.json").read_text()))
    run("127.0.0.1", int(port), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
