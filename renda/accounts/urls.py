from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_two_factor
from .forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    # Django's LogoutView answers POST only (GET is 405); CSRF applies.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("audit/", views.audit, name="audit"),
    # Two-factor log-in and step-up (renda/accounts/two_factor.py).
    path("two-factor/", views_two_factor.otp_manage, name="otp_manage"),
    path("two-factor/verify/", views_two_factor.otp_verify, name="otp_verify"),
    path("two-factor/setup/", views_two_factor.otp_setup, name="otp_setup"),
    path("confirm/", views_two_factor.step_up, name="step_up"),
    path(
        "users/<int:pk>/two-factor/reset/",
        views_two_factor.otp_reset_page,
        name="otp_reset",
    ),
]
