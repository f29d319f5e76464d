import factory
from django.contrib.auth import get_user_model

from agencies.models import Agency, Department, Membership, Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试县人民政府办公室{n}")
    short_name = factory.Sequence(lambda n: f"测政办{n}")
    address = "测试县人民路1号"
    postcode = "276100"
    phone = "0539-6221234"
    disclosure_office = "测试县人民政府办公室政务公开科"
    reconsideration_body = "测试县人民政府"
    court = "测试市测试区人民法院"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"测试部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "demo1234")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_member(username: str, role: str, agency: Agency, department: Department | None = None):
    user = UserFactory(username=username)
    Membership.objects.update_or_create(
        user=user, defaults={"agency": agency, "role": role, "department": department}
    )
    # A fresh instance: cached permissions and membership must reflect the new group.
    return get_user_model().objects.select_related("membership").get(pk=user.pk)


__all__ = ["AgencyFactory", "DepartmentFactory", "UserFactory", "make_member", "Role"]
