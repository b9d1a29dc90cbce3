from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import User


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role"]


class MeView(APIView):
    """The authenticated user."""

    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)
