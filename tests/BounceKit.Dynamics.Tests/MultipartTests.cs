using BounceKit.Dynamics.Internal;

namespace BounceKit.Dynamics.Tests;

public sealed class MultipartTests
{
    [Fact]
    public void ParseBatchResponse_DataverseSampleWithChangeSet_ReadsEveryResponseInOrder()
    {
        const string body = "--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f\r\n" +
            "Content-Type: multipart/mixed; boundary=changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb\r\n\r\n" +
            "--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n" +
            "--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb--\r\n" +
            "--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n" +
            "{\"error\":{\"code\":\"0x80040217\",\"message\":\"contact With Id = 1 Does Not Exist\"}}\r\n" +
            "--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f--\r\n";

        var parts = Multipart.ParseBatchResponse(body, "batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f");

        parts.Should().HaveCount(2);
        parts[0].Should().Be(new BatchPartResponse("1", 204, string.Empty));
        parts[1].Status.Should().Be(404);
        parts[1].ContentId.Should().BeNull();
        parts[1].Body.Should().Be("{\"error\":{\"code\":\"0x80040217\",\"message\":\"contact With Id = 1 Does Not Exist\"}}");
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=batchresponse_1", "batchresponse_1")]
    [InlineData("multipart/mixed;boundary=\"b 2\"", "b 2")]
    [InlineData("application/json", null)]
    [InlineData(null, null)]
    public void BoundaryOf_ContentType_ReturnsTheBoundary(string? contentType, string? expected) =>
        Multipart.BoundaryOf(contentType).Should().Be(expected);

    [Fact]
    public void BuildBatch_TwoUpdates_HasNoChangeSetAndMarksEachUpdateOnly()
    {
        string body = Multipart.BuildBatch("batch_x", new Uri("https://contoso.crm.dynamics.com/api/data/v9.2/"), [("contacts(1)", "{}"), ("leads(2)", "{}")]);

        body.Should().NotContain("changeset");
        body.Should().Contain("PATCH https://contoso.crm.dynamics.com/api/data/v9.2/contacts(1) HTTP/1.1\r\n");
        body.Should().Contain("PATCH https://contoso.crm.dynamics.com/api/data/v9.2/leads(2) HTTP/1.1\r\n");
        body.Split("If-Match: *\r\n").Should().HaveCount(3);
        body.Should().EndWith("--batch_x--\r\n");
    }

    [Theory]
    [InlineData("8f0e1f2a-3b4c-4d5e-8f70-112233445566", DynamicsEntity.Contact, "contacts(8f0e1f2a-3b4c-4d5e-8f70-112233445566)")]
    [InlineData("lead:8F0E1F2A-3B4C-4D5E-8F70-112233445566", DynamicsEntity.Contact, "leads(8f0e1f2a-3b4c-4d5e-8f70-112233445566)")]
    [InlineData("8f0e1f2a-3b4c-4d5e-8f70-112233445566", DynamicsEntity.Lead, "leads(8f0e1f2a-3b4c-4d5e-8f70-112233445566)")]
    [InlineData("Contact:8f0e1f2a-3b4c-4d5e-8f70-112233445566", DynamicsEntity.Lead, "contacts(8f0e1f2a-3b4c-4d5e-8f70-112233445566)")]
    [InlineData("{8f0e1f2a-3b4c-4d5e-8f70-112233445566}", DynamicsEntity.Contact, null)]
    [InlineData("account:8f0e1f2a-3b4c-4d5e-8f70-112233445566", DynamicsEntity.Contact, null)]
    [InlineData("", DynamicsEntity.Contact, null)]
    public void RecordKey_TryParse_RoutesOrRefuses(string key, DynamicsEntity defaultEntity, string? expectedPath)
    {
        bool parsed = RecordKey.TryParse(key, defaultEntity, out RecordKey record);

        parsed.Should().Be(expectedPath is not null);
        if (expectedPath is not null)
        {
            record.Path.Should().Be(expectedPath);
        }
    }
}
