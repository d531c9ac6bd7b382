using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NetTroubleCms.Web.Infrastructure.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentDataHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DataHash",
                table: "ContentItems",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DataHash",
                table: "ContentItems");
        }
    }
}
