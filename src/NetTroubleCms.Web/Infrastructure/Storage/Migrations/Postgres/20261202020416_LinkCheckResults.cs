using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NetTroubleCms.Web.Infrastructure.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LinkCheckResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LinkCheckResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    FinalUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Redirect = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RedirectCount = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ErrorDetail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CheckedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkCheckResults", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LinkCheckResults_State",
                table: "LinkCheckResults",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_LinkCheckResults_Url",
                table: "LinkCheckResults",
                column: "Url",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LinkCheckResults");
        }
    }
}
