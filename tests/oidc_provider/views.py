from django.conf import settings
from django.http import JsonResponse
from jwcrypto import jwk

# Same key id as the real signing key, other key material: what an application sees when a token
# was signed by a key it must not trust (or when its configuration points at the wrong keys).
_real = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
_other = jwk.JWK.generate(kty="RSA", size=2048)


def untrusted_jwks(request):
    key = {**_other.export_public(as_dict=True), "kid": _real.thumbprint(), "alg": "RS256",
           "use": "sig"}
    return JsonResponse({"keys": [key]})
