# Authentication: the local token issuer (tools/local/issuer.py) and the Auth module's tests.
.PHONY: token auth-test

# make token [SCOPE="products/read"]: an access token from the running `make run`'s local issuer.
token: venv
	@$(PYTHON) -m tools.local.token $(if $(SCOPE),--scope "$(SCOPE)")
