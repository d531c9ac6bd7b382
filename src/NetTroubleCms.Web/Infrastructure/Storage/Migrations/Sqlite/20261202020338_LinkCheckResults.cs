using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetTroubleCms.Web.Infrastructure.Storage.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    FinalUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Redirect = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RedirectCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ErrorDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false)
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
