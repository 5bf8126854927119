"""factory_boy factories for every model the tests build."""

import factory
from factory.django import DjangoModelFactory

from inspectorate.choices import Role
from inspectorate.models import Company, District, Office, Region, Staff

DEMO_PASSWORD = "correct-horse-battery-staple"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90 + n % 9}{n}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"UPTD-{n:03d}")
    name = factory.Sequence(lambda n: f"UPTD Pengawasan Ketenagakerjaan Wilayah {n}")
    region = factory.SubFactory(RegionFactory)
    time_zone = "Asia/Jakarta"
    monthly_quota = 5


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"D{n:04d}")
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    office = factory.SubFactory(OfficeFactory)
    region = factory.LazyAttribute(lambda d: d.office.region if d.office else RegionFactory())


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.INSPECTOR
    office = factory.SubFactory(OfficeFactory)
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        obj.is_staff = obj.role == Role.ADMIN
        if create:
            obj.save()


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"PT Contoh Sejahtera {n}")
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")
    kbli = "10750"
    address = "Jl. Raya No. 1"
    district = factory.SubFactory(DistrictFactory)
    workers_total = 120
    workers_female = 40
    workers_foreign = 0
    bpjs_registered = True
    bpjs_participants = 100
