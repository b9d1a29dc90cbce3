from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = get_user_model().objects.filter(email__iexact=username).first()
            if user is None:
                get_user_model()().set_password(password)  # same time either way
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
